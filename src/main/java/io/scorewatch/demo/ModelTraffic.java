package io.scorewatch.demo;

import java.util.SplittableRandom;

/**
 * The model API's traffic under a scenario: applicants (see {@link CreditApplications}), each
 * call's response time, and the calls that fail. Reproducible for a seed; not thread-safe.
 */
public final class ModelTraffic {

    // response time: log-normal, median 18 ms (p95 about 38 ms)
    private static final double MEDIAN_LATENCY_MS = 18;
    private static final double LATENCY_SIGMA = 0.45;
    // a latency spike at full intensity multiplies response times by this much
    private static final double LATENCY_SPIKE_FACTOR = 7;
    // failed calls: normally 0.5%; an error burst at full intensity adds 15%
    private static final double BASE_ERROR_SHARE = 0.005;
    private static final double BURST_ERROR_SHARE = 0.15;
    private static final Categories ERRORS = Categories.of("validation", 0.5, "timeout", 0.2, "prediction", 0.2,
            "unavailable", 0.1);
    private static final long SEED_MIX = 0x9E3779B97F4A7C15L;

    private final CreditApplications applicants;
    private final SplittableRandom random;

    public ModelTraffic(long seed) {
        this.applicants = new CreditApplications(seed);
        this.random = new SplittableRandom(seed ^ SEED_MIX);
    }

    /** The next call under a scenario at an intensity in [0, 1]. */
    public ModelCall next(Scenario scenario, double intensity) {
        Applicant applicant = applicants.next(scenario, intensity);
        double spike = scenario == Scenario.LATENCY_SPIKE ? 1 + (LATENCY_SPIKE_FACTOR - 1) * intensity : 1;
        double latency = Math.round(MEDIAN_LATENCY_MS * Math.exp(LATENCY_SIGMA * random.nextGaussian()) * spike * 100)
                / 100.0;
        double errorShare = BASE_ERROR_SHARE + (scenario == Scenario.ERROR_BURST ? BURST_ERROR_SHARE * intensity : 0);
        if (random.nextDouble() < errorShare) {
            String type = ERRORS.pick(random);
            return new ModelCall(applicant, latency, type, status(type));
        }
        return new ModelCall(applicant, latency, null, 0);
    }

    private static int status(String errorType) {
        return switch (errorType) {
            case "validation" -> 422;
            case "timeout" -> 504;
            case "unavailable" -> 503;
            default -> 500;
        };
    }
}
