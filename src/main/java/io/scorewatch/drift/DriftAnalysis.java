package io.scorewatch.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.scorewatch.drift.DriftProperties.Correction;
import io.scorewatch.drift.DriftProperties.Policy;
import io.scorewatch.drift.DriftRunResponse.FeatureResult;
import io.scorewatch.drift.DriftRunResponse.Missing;
import io.scorewatch.drift.DriftRunResponse.PredictionDrift;
import io.scorewatch.drift.DriftRunResponse.TargetDrift;
import io.scorewatch.reference.ReferenceData;
import io.scorewatch.stats.ChiSquare;
import io.scorewatch.stats.JensenShannon;
import io.scorewatch.stats.KolmogorovSmirnov;
import io.scorewatch.stats.NumericComparison;
import io.scorewatch.stats.PopulationStabilityIndex;
import io.scorewatch.stats.PsiBins;
import io.scorewatch.stats.QuantileSketch;
import io.scorewatch.stats.SketchKolmogorovSmirnov;
import io.scorewatch.stats.SketchPsi;
import io.scorewatch.stats.SketchWasserstein;
import io.scorewatch.stats.SortedSample;

/**
 * The drift tests of one run, without Spring: per feature the monitoring guide's test (KS for a numerical
 * feature, chi-square for a categorical one) with effect sizes, then the policy and the
 * multiple-testing correction across features; prediction and target drift.
 */
final class DriftAnalysis {

    /** The decision rules of a run. */
    record Settings(double alpha, Policy policy, Correction correction, double psiThreshold,
            double distanceThreshold, double missingShareChange) {

        static Settings of(DriftProperties properties) {
            return new Settings(properties.pValueThreshold(), properties.policy(), properties.correction(),
                    properties.psiThreshold(), properties.distanceThreshold(), properties.missingShareChange());
        }
    }

    private DriftAnalysis() {
    }

    /**
     * KS, PSI and normalised Wasserstein of a numerical feature; {@code production} may hold NaN.
     * It is handed over: sorted in place, not copied (a window column is 8 MB a million rows).
     */
    static FeatureResult numerical(String name, ReferenceData.NumericColumn reference, long referenceRows,
            double[] production, Settings settings) {
        SortedSample window = SortedSample.sortInPlace(production);
        NumericComparison comparison = NumericComparison.of(reference.values(), window);
        KolmogorovSmirnov ks = comparison.ks();
        PopulationStabilityIndex psi = comparison.psi();
        Double distance = reference.values().isEmpty() || window.isEmpty() ? null
                : finite(comparison.wasserstein().normalized());
        Missing missing = missing(reference.missing(), referenceRows, window.missing(), production.length, settings);
        return new FeatureResult(name, "numerical", "ks", finite(ks.statistic()), finite(ks.pValue()), null, false,
                finite(psi.value()), psi.band().map(b -> b.name().toLowerCase()).orElse(null), distance,
                reference.values().size(), window.size(), missing, null);
    }

    /**
     * KS, PSI and normalised Wasserstein of a numerical feature known through a quantile sketch of
     * the window's values ({@code sketch} null or empty when the window has none): KS decides by
     * {@link SketchKolmogorovSmirnov} (the reference is exact, so only the sketch's rank error
     * counts) and answers its p-value at the statistic less that error; PSI is exact from
     * {@code psiCounts} (the window's values per bin of the reference's {@link PsiBins}, counted
     * at roll-up) when given, and otherwise counts the sketch's values per bin; the Wasserstein
     * distance is {@link SketchWasserstein}'s approximation.
     */
    static FeatureResult numerical(String name, ReferenceData.NumericColumn reference, long referenceRows,
            QuantileSketch sketch, long[] psiCounts, long productionMissing, long productionRows, Settings settings) {
        SortedSample values = reference.values();
        long count = sketch == null ? 0 : sketch.count();
        Double statistic = null;
        Double pValue = null;
        Double psi = null;
        String band = null;
        Double distance = null;
        if (!values.isEmpty() && count > 0) {
            SketchKolmogorovSmirnov ks = SketchKolmogorovSmirnov.test(values, sketch, settings.alpha());
            statistic = finite(ks.statistic());
            pValue = finite(ks.pValue());
            PsiBins bins = PsiBins.of(values);
            PopulationStabilityIndex index = psiCounts != null && psiCounts.length == bins.count()
                    ? bins.psi(psiCounts) : SketchPsi.psi(bins, sketch);
            psi = finite(index.value());
            band = index.band().map(b -> b.name().toLowerCase()).orElse(null);
            distance = finite(SketchWasserstein.between(values, sketch).normalized());
        }
        Missing missing = missing(reference.missing(), referenceRows, productionMissing, productionRows, settings);
        return new FeatureResult(name, "numerical", "ks", statistic, pValue, null, false, psi, band, distance,
                values.size(), count, missing, null);
    }

    /** Chi-square, categorical PSI and Jensen-Shannon distance of a categorical feature. */
    static FeatureResult categorical(String name, ReferenceData.CategoricalColumn reference, long referenceRows,
            Map<String, Long> production, long productionMissing, long productionRows, Settings settings) {
        long productionCount = production.values().stream().mapToLong(Long::longValue).sum();
        long referenceCount = reference.counts().values().stream().mapToLong(Long::longValue).sum();
        Double statistic = null;
        Double pValue = null;
        Double psi = null;
        String band = null;
        Double distance = null;
        if (productionCount > 0 && referenceCount > 0) {
            ChiSquare chi2 = ChiSquare.homogeneity(reference.counts(), production);
            statistic = finite(chi2.statistic());
            pValue = finite(chi2.pValue());
            PopulationStabilityIndex index = PopulationStabilityIndex.categorical(reference.counts(), production);
            psi = finite(index.value());
            band = index.band().map(b -> b.name().toLowerCase()).orElse(null);
            distance = finite(JensenShannon.distance(reference.counts(), production));
        }
        int unseen = (int) production.entrySet().stream()
                .filter(e -> e.getValue() > 0 && !reference.counts().containsKey(e.getKey())).count();
        Missing missing = missing(reference.missing(), referenceRows, productionMissing, productionRows, settings);
        return new FeatureResult(name, "categorical", "chi2", statistic, pValue, null, false, psi, band, distance,
                referenceCount, productionCount, missing, unseen);
    }

    /** Applies the correction and the policy: the features with their verdicts, same order. */
    static List<FeatureResult> decide(List<FeatureResult> features, Settings settings) {
        double[] adjusted = adjust(features.stream().mapToDouble(f -> f.pValue() == null ? Double.NaN : f.pValue())
                .toArray(), settings.correction());
        List<FeatureResult> decided = new ArrayList<>(features.size());
        for (int i = 0; i < features.size(); i++) {
            FeatureResult f = features.get(i);
            Double p = Double.isNaN(adjusted[i]) ? null : adjusted[i];
            boolean significant = p != null && p < settings.alpha();
            boolean large = f.psi() != null && f.psi() >= settings.psiThreshold()
                    || f.distance() != null && f.distance() >= settings.distanceThreshold();
            boolean drifted = switch (settings.policy()) {
                case P_VALUE -> significant;
                case EFFECT_SIZE -> large;
                case BOTH -> significant && large;
            };
            decided.add(new FeatureResult(f.name(), f.type(), f.test(), f.statistic(), f.pValue(),
                    settings.correction() == Correction.NONE ? null : p, drifted, f.psi(), f.psiBand(), f.distance(),
                    f.referenceCount(), f.productionCount(), f.missing(), f.unseenCategories()));
        }
        return decided;
    }

    /** Adjusted p-values; NaN stays NaN and does not count as a test. */
    static double[] adjust(double[] pValues, Correction correction) {
        double[] adjusted = pValues.clone();
        int m = (int) Arrays.stream(pValues).filter(p -> !Double.isNaN(p)).count();
        switch (correction) {
            case NONE -> {
                return adjusted;
            }
            case BONFERRONI -> {
                for (int i = 0; i < adjusted.length; i++) {
                    adjusted[i] = Double.isNaN(pValues[i]) ? Double.NaN : Math.min(1.0, pValues[i] * m);
                }
                return adjusted;
            }
            case BENJAMINI_HOCHBERG -> {
                Integer[] order = new Integer[pValues.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, Comparator.comparingDouble(i -> Double.isNaN(pValues[i]) ? Double.MAX_VALUE
                        : pValues[i]));
                double running = 1.0;
                for (int rank = m; rank >= 1; rank--) {
                    int i = order[rank - 1];
                    running = Math.min(running, pValues[i] * m / rank);
                    adjusted[i] = Math.min(1.0, running);
                }
                return adjusted;
            }
            default -> throw new IllegalArgumentException(correction.name());
        }
    }

    /** The monitoring guide's detect_prediction_drift: KS of the probabilities and the shift of their mean. */
    static PredictionDrift predictionDrift(SortedSample reference, double[] probabilities, double alpha) {
        double trainMean = mean(reference.toArray());
        if (probabilities.length == 0 || reference.isEmpty()) {
            return new PredictionDrift(null, null, false, trainMean, null, null, null);
        }
        KolmogorovSmirnov ks = KolmogorovSmirnov.test(reference, probabilities.clone());
        double prodMean = mean(probabilities);
        double shift = prodMean - trainMean;
        return new PredictionDrift(finite(ks.statistic()), finite(ks.pValue()), ks.pValue() < alpha, trainMean,
                prodMean, shift, finite(shift / trainMean * 100));
    }

    /**
     * {@link #predictionDrift(SortedSample, double[], double)} from a sketch of the window's
     * probabilities and their exact sum: KS decided by {@link SketchKolmogorovSmirnov}, the mean
     * exact.
     */
    static PredictionDrift predictionDrift(SortedSample reference, QuantileSketch probabilities,
            double sumProbability, double alpha) {
        double trainMean = mean(reference.toArray());
        if (probabilities.count() == 0 || reference.isEmpty()) {
            return new PredictionDrift(null, null, false, trainMean, null, null, null);
        }
        SketchKolmogorovSmirnov ks = SketchKolmogorovSmirnov.test(reference, probabilities, alpha);
        double prodMean = sumProbability / probabilities.count();
        double shift = prodMean - trainMean;
        return new PredictionDrift(finite(ks.statistic()), finite(ks.pValue()), ks.drifted(), trainMean, prodMean,
                shift, finite(shift / trainMean * 100));
    }

    /**
     * The monitoring guide's detect_target_drift: chi-square (with Yates' correction, as scipy's
     * chi2_contingency on the 2x2 table) of reference targets against the window's labels.
     */
    static TargetDrift targetDrift(long referencePositives, long referenceNegatives, byte[] labels, double alpha) {
        long positives = 0;
        long negatives = 0;
        for (byte label : labels) {
            if (label == 1) {
                positives++;
            } else if (label == 0) {
                negatives++;
            }
        }
        return targetDrift(referencePositives, referenceNegatives, positives, negatives, alpha);
    }

    /** {@link #targetDrift(long, long, byte[], double)} from the window's counts of labels. */
    static TargetDrift targetDrift(long referencePositives, long referenceNegatives, long positives, long negatives,
            double alpha) {
        double trainRate = (double) referencePositives / (referencePositives + referenceNegatives);
        long labeled = positives + negatives;
        if (labeled == 0) {
            return new TargetDrift(null, null, false, trainRate, null, 0, "no labelled predictions in the window");
        }
        Map<String, Long> reference = new HashMap<>();
        Map<String, Long> production = new HashMap<>();
        putPositive(reference, "0", referenceNegatives);
        putPositive(reference, "1", referencePositives);
        putPositive(production, "0", negatives);
        putPositive(production, "1", positives);
        ChiSquare chi2 = ChiSquare.homogeneity(reference, production);
        return new TargetDrift(finite(chi2.statistic()), finite(chi2.pValue()), chi2.pValue() < alpha, trainRate,
                (double) positives / labeled, labeled, null);
    }

    private static void putPositive(Map<String, Long> counts, String key, long value) {
        if (value > 0) {
            counts.put(key, value);
        }
    }

    private static Missing missing(long referenceMissing, long referenceRows, long productionMissing,
            long productionRows, Settings settings) {
        double referenceShare = referenceRows == 0 ? 0 : (double) referenceMissing / referenceRows;
        double productionShare = productionRows == 0 ? 0 : (double) productionMissing / productionRows;
        double change = productionShare - referenceShare;
        return new Missing(referenceShare, productionShare, change, Math.abs(change) >= settings.missingShareChange());
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
