package io.scorewatch.stats;

/**
 * The Herfindahl-Hirschman index of a grade distribution: {@code HHI = sum over grades of
 * share^2}, with {@code share = count / total}. It runs from {@code 1/G} (clients spread evenly
 * over the G grades) to 1 (all in one grade); supervisory validation (for instance the ECB's
 * reporting on rating-grade concentration) uses it to detect a master scale that concentrates
 * its clients.
 *
 * <p>The normalised form {@code (HHI - 1/G) / (1 - 1/G)} runs from 0 to 1 whatever G. Every
 * grade of the scale counts in G, empty ones included. Without clients both are NaN; with one
 * grade the normalised form is NaN.
 *
 * @param value      the index in [1/G, 1], NaN without clients
 * @param normalised the normalised index in [0, 1], NaN without clients or with a single grade
 * @param grades     G, the number of grades
 */
public record HerfindahlHirschmanIndex(double value, double normalised, int grades) {

    /**
     * The index of the clients per grade.
     *
     * @throws IllegalArgumentException for no grade or a negative count
     */
    public static HerfindahlHirschmanIndex of(long[] counts) {
        if (counts.length == 0) {
            throw new IllegalArgumentException("no grade");
        }
        long total = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("counts must not be negative, got " + c);
            }
            total += c;
        }
        int g = counts.length;
        if (total == 0) {
            return new HerfindahlHirschmanIndex(Double.NaN, Double.NaN, g);
        }
        double hhi = 0.0;
        for (long c : counts) {
            double share = (double) c / total;
            hhi += share * share;
        }
        double normalised = g == 1 ? Double.NaN : (hhi - 1.0 / g) / (1.0 - 1.0 / g);
        return new HerfindahlHirschmanIndex(hhi, normalised, g);
    }
}
