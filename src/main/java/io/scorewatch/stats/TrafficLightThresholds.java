package io.scorewatch.stats;

/**
 * The p-value thresholds of the calibration traffic light ({@link TrafficLight}). They come from
 * configuration; the usual choice, and the documented default, is 0.05 and 0.01.
 *
 * @param yellowBelow a p-value below this (and not below {@code redBelow}) is YELLOW
 * @param redBelow    a p-value below this is RED
 */
public record TrafficLightThresholds(double yellowBelow, double redBelow) {

    /** @throws IllegalArgumentException unless {@code 0 <= redBelow <= yellowBelow <= 1} */
    public TrafficLightThresholds {
        if (!(redBelow >= 0.0 && redBelow <= yellowBelow && yellowBelow <= 1.0)) {
            throw new IllegalArgumentException(
                    "thresholds must satisfy 0 <= redBelow <= yellowBelow <= 1, got yellowBelow=" + yellowBelow
                            + ", redBelow=" + redBelow);
        }
    }
}
