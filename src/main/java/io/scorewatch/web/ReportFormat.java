package io.scorewatch.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the report writes numbers and instants: the same conventions as the dashboard page. */
final class ReportFormat {

    static final String NONE = "—";
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private ReportFormat() {
    }

    /** With thousands separators: 1,200. */
    static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    /** A share as a percentage with two decimals: 0.0825 is 8.25%. */
    static String percent(Double share) {
        return share == null || share.isNaN() ? NONE : String.format(Locale.US, "%,.2f%%", share * 100);
    }

    /** A change as a signed percentage: +12.50%. */
    static String signedPercent(Double change) {
        return change == null || change.isNaN() ? NONE : String.format(Locale.US, "%+,.2f%%", change);
    }

    static String decimal(Double value, int digits) {
        return value == null || value.isNaN() ? NONE : String.format(Locale.US, "%,." + digits + "f", value);
    }

    /** A p-value: four decimals, or scientific below 0.0001 (7.05e-13). */
    static String pValue(Double p) {
        if (p == null || p.isNaN()) {
            return NONE;
        }
        return p != 0 && p < 1e-4 ? String.format(Locale.US, "%.2e", p) : String.format(Locale.US, "%.4f", p);
    }

    static String instant(Instant instant) {
        return instant == null ? NONE : INSTANT.format(instant);
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
