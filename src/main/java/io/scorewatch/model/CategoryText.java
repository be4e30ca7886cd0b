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
        return n instanceof BigDecimal big && !isWhole(n.doubleValue()) ? big.stripTrailingZeros().toPlainString()
                : of(n.doubleValue());
    }

    public static String of(double d) {
        return isWhole(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static boolean isWhole(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15;
    }
}
