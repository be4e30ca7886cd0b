package io.scorewatch.stats;

/**
 * What one rating grade predicted and what happened: the number of clients, how many of them
 * defaulted, and the grade's PD (the mean predicted probability of its clients). The input of
 * {@link JeffreysTest}, {@link BinomialTest} and {@link HosmerLemeshow}.
 *
 * @param count    clients in the grade, {@code >= 0}
 * @param defaults clients that defaulted, {@code 0 <= defaults <= count}
 * @param pd       the grade's probability of default in [0, 1]; may be NaN only for an empty grade
 */
public record GradeOutcome(long count, long defaults, double pd) {

    /** @throws IllegalArgumentException for negative counts, more defaults than clients or a PD outside [0, 1] */
    public GradeOutcome {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        if (defaults < 0 || defaults > count) {
            throw new IllegalArgumentException("defaults must be between 0 and count (" + count + "), got " + defaults);
        }
        boolean emptyWithoutPd = count == 0 && Double.isNaN(pd);
        if (!emptyWithoutPd && !(pd >= 0.0 && pd <= 1.0)) {
            throw new IllegalArgumentException("pd must be in [0, 1], got " + pd);
        }
    }

    /** The observed default rate, {@code defaults / count}; NaN for an empty grade. */
    public double defaultRate() {
        return count == 0 ? Double.NaN : (double) defaults / count;
    }
}
