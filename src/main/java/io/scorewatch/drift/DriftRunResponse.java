package io.scorewatch.drift;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

import io.scorewatch.summary.Summaries;

/**
 * A drift run as the API answers it: per feature the test, its statistic and p-value, effect
 * sizes and the verdict; the drifted features and their share; prediction and target drift as
 * the monitoring guide's {@code detect_prediction_drift} and {@code detect_target_drift} report them. A value
 * that is undefined (no data to test) is null. {@code method} is {@code exact} (raw rows) or
 * {@code summary} (merged summaries, with {@code errorBound}). {@code modelVersion} names the one
 * model version whose predictions the run is over; null when it is over every version.
 */
public record DriftRunResponse(Long id, String model, Instant startedAt, Instant finishedAt, Instant from, Instant to,
        long referenceId, long predictionCount, String policy, String correction, double pValueThreshold,
        List<FeatureResult> features, List<String> driftedFeatures, int featuresTested, int referenceFeatures,
        double driftShare, List<String> notInReference, PredictionDrift predictionDrift, TargetDrift targetDrift,
        @JsonInclude(JsonInclude.Include.ALWAYS) String segment, String method,
        @JsonInclude(JsonInclude.Include.ALWAYS) Summaries.ErrorBound errorBound,
        @JsonInclude(JsonInclude.Include.ALWAYS) String modelVersion) {

    /** Computed from the window's raw rows. */
    static final String EXACT = "exact";
    /** Computed from merged summaries (sketches and counts). */
    static final String SUMMARY = "summary";

    DriftRunResponse withId(long runId) {
        return new DriftRunResponse(runId, model, startedAt, finishedAt, from, to, referenceId, predictionCount, policy,
                correction, pValueThreshold, features, driftedFeatures, featuresTested, referenceFeatures, driftShare,
                notInReference, predictionDrift, targetDrift, segment, method, errorBound, modelVersion);
    }

    /** The same run, named as over one model version's predictions (every version when null). */
    DriftRunResponse withModelVersion(String version) {
        return new DriftRunResponse(id, model, startedAt, finishedAt, from, to, referenceId, predictionCount, policy,
                correction, pValueThreshold, features, driftedFeatures, featuresTested, referenceFeatures, driftShare,
                notInReference, predictionDrift, targetDrift, segment, method, errorBound, version);
    }

    /**
     * One feature: {@code test} is {@code ks} (numerical) or {@code chi2} (categorical);
     * {@code distance} is the Wasserstein distance over the reference's standard deviation
     * (numerical) or the Jensen-Shannon distance, base 2 (categorical).
     */
    public record FeatureResult(String name, String type, String test, Double statistic, Double pValue,
            Double adjustedPValue, boolean drifted, Double psi, String psiBand, Double distance,
            long referenceCount, long productionCount, Missing missing, Integer unseenCategories) {
    }

    /** Missing-value drift of a feature. */
    public record Missing(double referenceShare, double productionShare, double change, boolean drifted) {
    }

    /** KS on the probabilities with the mean shift, as the monitoring guide's detect_prediction_drift. */
    public record PredictionDrift(Double statistic, Double pValue, boolean drifted, double trainMean, Double prodMean,
            Double meanShift, Double pctShift) {
    }

    /** Chi-square on reference targets vs the window's labels, as the monitoring guide's detect_target_drift. */
    public record TargetDrift(Double chi2, Double pValue, boolean drifted, double trainPositiveRate, Double prodPositiveRate,
            long labeledCount, String note) {
    }
}
