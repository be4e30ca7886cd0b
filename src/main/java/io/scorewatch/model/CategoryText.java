package io.scorewatch.model;

import java.math.BigDecimal;

/**
 * The text of a number used as a category, the same wherever it is read: 3, 3.0 and "3" in a
 * CSV are all the category "3".
 */
public final class CategoryText {

    private CategoryText() {
    }

    public static String of(Number n) {
        double d = n.doubleValue();
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return n instanceof BigDecimal big ? big.stripTrailingZeros().toPlainString() : Double.toString(d);
    }
}
