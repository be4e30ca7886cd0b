package io.scorewatch.performance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.scorewatch.stats.BrierScore;
import io.scorewatch.stats.ClassificationReport;
import io.scorewatch.stats.ConfusionMatrix;
import io.scorewatch.stats.Gini;
import io.scorewatch.stats.KsSeparation;
import io.scorewatch.stats.RocAuc;

/**
 * Model performance over the labelled predictions of a window, as the monitoring guide's
 * {@code evaluate_production_performance()}: the decision is {@code probability >= threshold}
 * (the model's decision threshold, not the posted {@code prediction}), and nothing but the
 * count is computed below the configured minimum of labels.
 *
 * @param labeledCount         predictions of the window with a known outcome
 * @param minLabels            labels needed before the metrics below are computed
 * @param rocAuc               area under the ROC curve; null with one class only
 * @param precision            tp / (tp + fp), 0 when nothing is predicted positive
 * @param recall               tp / (tp + fn), 0 without defaults
 * @param f1                   harmonic mean of precision and recall
 * @param confusionMatrix      the four counts at the threshold
 * @param classificationReport as sklearn's {@code classification_report(output_dict=True)}
 * @param gini                 2 * AUC - 1; null with one class only
 * @param ksSeparation         largest gap between the score CDFs of the two classes; null with one class only
 * @param brierScore           mean squared error of the probabilities
 * @param note                 why some figures are absent, if they are
 */
public record Performance(long labeledCount, int minLabels, Double rocAuc, Double precision, Double recall, Double f1,
        ConfusionCounts confusionMatrix, ClassReport classificationReport, Double gini, Double ksSeparation,
        Double brierScore, String note) {

    /**
     * @param labels        0/1 outcomes of the labelled predictions
     * @param probabilities their predicted probabilities
     */
    static Performance of(int[] labels, double[] probabilities, double threshold, int minLabels) {
        int n = labels.length;
        if (n < minLabels) {
            return new Performance(n, minLabels, null, null, null, null, null, null, null, null, null,
                    n + " labelled predictions, " + minLabels + " needed");
        }
        ConfusionMatrix matrix = ConfusionMatrix.atThreshold(labels, probabilities, threshold);
        RocAuc auc = RocAuc.of(labels, probabilities);
        Double rocAuc = null;
        Double gini = null;
        Double ks = null;
        String note = null;
        if (auc.isDefined()) {
            rocAuc = auc.value();
            gini = Gini.of(auc).value();
            ks = KsSeparation.of(labels, probabilities).statistic();
        } else {
            note = "all " + n + " labelled predictions are of class " + (auc.positives() > 0 ? 1 : 0)
                    + ": ROC AUC, Gini and KS separation need both classes";
        }
        return new Performance(n, minLabels, rocAuc, matrix.precision(), matrix.recall(), matrix.f1(),
                ConfusionCounts.of(matrix), ClassReport.of(ClassificationReport.of(matrix)), gini, ks,
                BrierScore.of(labels, probabilities).value(), note);
    }

    /**
     * Performance from a window's merged summary: the confusion counts at the threshold as
     * counted at roll-up (from the label counters' bin edges when the threshold has changed
     * since), ROC-AUC and KS separation from the label counters, the Brier score exactly.
     */
    static Performance ofSummary(io.scorewatch.summary.BucketSummary summary, double threshold, int minLabels) {
        io.scorewatch.stats.ScoreBins bins = summary.scores();
        long n = bins.labelled();
        if (n < minLabels) {
            return new Performance(n, minLabels, null, null, null, null, null, null, null, null, null,
                    n + " labelled predictions, " + minLabels + " needed");
        }
        long[] cells = summary.thresholdCells();
        ConfusionMatrix matrix = summary.threshold() == threshold
                ? new ConfusionMatrix(cells[0], cells[1], cells[2], cells[3]) : bins.confusionAt(threshold);
        RocAuc auc = bins.rocAuc();
        Double rocAuc = null;
        Double gini = null;
        Double ks = null;
        String note = null;
        if (auc.isDefined()) {
            rocAuc = auc.value();
            gini = Gini.of(auc).value();
            ks = bins.ksSeparation().statistic();
        } else {
            note = "all " + n + " labelled predictions are of class " + (auc.positives() > 0 ? 1 : 0)
                    + ": ROC AUC, Gini and KS separation need both classes";
        }
        return new Performance(n, minLabels, rocAuc, matrix.precision(), matrix.recall(), matrix.f1(),
                ConfusionCounts.of(matrix), ClassReport.of(ClassificationReport.of(matrix)), gini, ks,
                bins.brierScore().value(), note);
    }

    /** The confusion matrix, label 1 (default) positive. */
    record ConfusionCounts(long tn, long fp, long fn, long tp) {

        static ConfusionCounts of(ConfusionMatrix m) {
            return new ConfusionCounts(m.trueNegatives(), m.falsePositives(), m.falseNegatives(), m.truePositives());
        }
    }

    /**
     * sklearn's {@code classification_report(y_true, y_pred, output_dict=True)}: the classes
     * "0" and "1" (a class absent from both outcomes and decisions is left out, as sklearn
     * does), "accuracy", "macro avg" and "weighted avg".
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ClassReport(
            @JsonProperty("0") ClassScores negative,
            @JsonProperty("1") ClassScores positive,
            @JsonProperty("accuracy") double accuracy,
            @JsonProperty("macro avg") ClassScores macroAvg,
            @JsonProperty("weighted avg") ClassScores weightedAvg) {

        static ClassReport of(ClassificationReport report) {
            return new ClassReport(report.forClass(0).map(ClassScores::of).orElse(null),
                    report.forClass(1).map(ClassScores::of).orElse(null), report.accuracy(),
                    ClassScores.of(report.macroAverage()), ClassScores.of(report.weightedAverage()));
        }
    }

    /** One row of the report. */
    record ClassScores(
            @JsonProperty("precision") double precision,
            @JsonProperty("recall") double recall,
            @JsonProperty("f1-score") double f1Score,
            @JsonProperty("support") long support) {

        static ClassScores of(ClassificationReport.ClassMetrics c) {
            return new ClassScores(c.precision(), c.recall(), c.f1(), c.support());
        }

        static ClassScores of(ClassificationReport.Average a) {
            return new ClassScores(a.precision(), a.recall(), a.f1(), a.support());
        }
    }
}
