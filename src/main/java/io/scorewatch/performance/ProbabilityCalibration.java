package io.scorewatch.performance;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.scorewatch.reference.ReferenceData;
import io.scorewatch.reference.References;
import io.scorewatch.stats.ExpectedCalibrationError;
import io.scorewatch.stats.IsotonicRegression;

/**
 * Whether the model's probabilities are calibrated, judged on the active reference (its target
 * and probability columns), and the calibration to apply before estimating. The expected
 * calibration error of the raw probabilities is compared with that of isotonic regression
 * fitted out of sample (two folds, each calibrated by a fit on the other); when isotonic
 * regression does better, it is fitted on the whole reference and applied. Kept per reference
 * dataset.
 */
@Component
class ProbabilityCalibration {

    /** The verdict on one reference dataset, and the calibration to apply (none: identity). */
    record Calibrator(EstimatedPerformance.Calibration report, IsotonicRegression isotonic) {

        /** The calibrated probability of a score. */
        double apply(double probability) {
            return isotonic == null ? probability : isotonic.predict(probability);
        }
    }

    private final References references;
    private final EstimationProperties properties;
    /** The calibrator of each model's active reference (its report names the reference). */
    private final Map<String, Calibrator> byModel = new ConcurrentHashMap<>();

    ProbabilityCalibration(References references, EstimationProperties properties) {
        this.references = references;
        this.properties = properties;
    }

    Calibrator forModel(String model) {
        Optional<ReferenceData> reference = references.active(model);
        if (reference.isEmpty()) {
            return new Calibrator(new EstimatedPerformance.Calibration(null, 0, null, null, false,
                    "no reference dataset: the probabilities are used as they are, their calibration unchecked"),
                    null);
        }
        ReferenceData data = reference.get();
        Calibrator cached = byModel.get(model);
        if (cached != null && Long.valueOf(data.id()).equals(cached.report().referenceId())) {
            return cached;
        }
        Calibrator calibrator = fit(data);
        byModel.put(model, calibrator);
        return calibrator;
    }

    Calibrator fit(ReferenceData data) {
        double[] defaults = data.probabilityOfDefaults().toArray();
        double[] nonDefaults = data.probabilityOfNonDefaults().toArray();
        int n = defaults.length + nonDefaults.length;
        if (n < properties.minReferenceRows() || defaults.length == 0 || nonDefaults.length == 0) {
            String why = n == 0 ? "the reference dataset has no (target, probability) pairs; upload it again"
                    : "the reference has " + n + " rows with a probability and " + defaults.length
                            + " defaults; at least " + properties.minReferenceRows() + " rows of both classes are"
                            + " needed to check the calibration";
            return new Calibrator(new EstimatedPerformance.Calibration(data.id(), n, null, null, false,
                    why + ": the probabilities are used as they are"), null);
        }
        // merge the two sorted lists: probabilities ascending with their outcomes
        double[] p = new double[n];
        int[] y = new int[n];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (b >= nonDefaults.length || (a < defaults.length && defaults[a] <= nonDefaults[b])) {
                p[i] = defaults[a++];
                y[i] = 1;
            } else {
                p[i] = nonDefaults[b++];
                y[i] = 0;
            }
        }
        int bins = properties.calibrationBins();
        double raw = ExpectedCalibrationError.of(p, y, bins).value();
        double[] outOfFold = new double[n];
        for (int fold = 0; fold < 2; fold++) {
            int size = fold == 0 ? n - n / 2 : n / 2; // even indices, then odd ones
            int other = n - size;
            double[] fitP = new double[other];
            double[] fitY = new double[other];
            for (int i = 1 - fold, k = 0; i < n; i += 2) {
                fitP[k] = p[i];
                fitY[k++] = y[i];
            }
            IsotonicRegression foldFit = IsotonicRegression.fit(fitP, fitY);
            for (int i = fold; i < n; i += 2) {
                outOfFold[i] = foldFit.predict(p[i]);
            }
        }
        double calibrated = ExpectedCalibrationError.of(outOfFold, y, bins).value();
        boolean apply = calibrated < raw;
        IsotonicRegression isotonic = null;
        if (apply) {
            double[] labels = new double[n];
            for (int i = 0; i < n; i++) {
                labels[i] = y[i];
            }
            isotonic = IsotonicRegression.fit(p, labels);
        }
        String note = apply ? "isotonic calibration fitted on the reference lowers the calibration error (out of"
                + " sample); production probabilities are calibrated before estimating"
                : "the probabilities are as well calibrated as isotonic calibration would make them; used as they are";
        return new Calibrator(new EstimatedPerformance.Calibration(data.id(), n, raw, calibrated, apply, note),
                isotonic);
    }
}
