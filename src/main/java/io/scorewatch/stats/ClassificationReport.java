package io.scorewatch.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per-class precision, recall, F1 and support with accuracy and macro/weighted averages, as
 * {@code sklearn.metrics.classification_report(labels, predictions, output_dict=True)} for
 * binary 0/1 labels.
 *
 * <p>Like sklearn, the report covers the classes that occur in the labels or the predictions
 * (normally both 0 and 1), and the averages are taken over those classes. Undefined ratios are
 * 0 (sklearn's default {@code zero_division='warn'}): a class that is never predicted has
 * precision 0.
 *
 * @param classes         metrics per class, ascending by label
 * @param accuracy        fraction of correct predictions
 * @param macroAverage    unweighted mean over {@code classes}
 * @param weightedAverage mean over {@code classes} weighted by support
 */
public record ClassificationReport(List<ClassMetrics> classes, double accuracy, Average macroAverage,
        Average weightedAverage) {

    public ClassificationReport {
        classes = List.copyOf(classes);
    }

    /**
     * Metrics of one class.
     *
     * @param label     0 or 1
     * @param precision correct predictions of this class / predictions of this class
     * @param recall    correct predictions of this class / rows of this class
     * @param f1        harmonic mean of precision and recall
     * @param support   rows whose true label is this class
     */
    public record ClassMetrics(int label, double precision, double recall, double f1, long support) {
    }

    /**
     * An average over the reported classes.
     *
     * @param support total support of the reported classes
     */
    public record Average(double precision, double recall, double f1, long support) {
    }

    /** Report for 0/1 labels and 0/1 predictions. */
    public static ClassificationReport of(int[] labels, int[] predictions) {
        return of(ConfusionMatrix.fromPredictions(labels, predictions));
    }

    /** Report with {@code true} for class 1 in labels and predictions. */
    public static ClassificationReport of(boolean[] labels, boolean[] predictions) {
        return of(ConfusionMatrix.fromPredictions(labels, predictions));
    }

    /** Report for predictions {@code score >= threshold}. */
    public static ClassificationReport atThreshold(int[] labels, double[] scores, double threshold) {
        return of(ConfusionMatrix.atThreshold(labels, scores, threshold));
    }

    /** {@link #atThreshold(int[], double[], double)} with {@code true} for label 1. */
    public static ClassificationReport atThreshold(boolean[] labels, double[] scores, double threshold) {
        return of(ConfusionMatrix.atThreshold(labels, scores, threshold));
    }

    /**
     * @throws IllegalArgumentException if the matrix is empty
     */
    public static ClassificationReport of(ConfusionMatrix m) {
        if (m.total() == 0) {
            throw new IllegalArgumentException("no observations");
        }
        List<ClassMetrics> classes = new ArrayList<>(2);
        // class 0 seen as the "positive" class: its tp are the true negatives
        if (m.trueNegatives() + m.falsePositives() + m.falseNegatives() > 0) {
            classes.add(metrics(0, m.trueNegatives(), m.falseNegatives(), m.falsePositives()));
        }
        if (m.truePositives() + m.falseNegatives() + m.falsePositives() > 0) {
            classes.add(metrics(1, m.truePositives(), m.falsePositives(), m.falseNegatives()));
        }

        double precisionSum = 0;
        double recallSum = 0;
        double f1Sum = 0;
        double weightedPrecision = 0;
        double weightedRecall = 0;
        double weightedF1 = 0;
        long support = 0;
        for (ClassMetrics c : classes) {
            precisionSum += c.precision();
            recallSum += c.recall();
            f1Sum += c.f1();
            weightedPrecision += c.precision() * c.support();
            weightedRecall += c.recall() * c.support();
            weightedF1 += c.f1() * c.support();
            support += c.support();
        }
        int k = classes.size();
        Average macro = new Average(precisionSum / k, recallSum / k, f1Sum / k, support);
        Average weighted = new Average(weightedPrecision / support, weightedRecall / support,
                weightedF1 / support, support);
        return new ClassificationReport(classes, m.accuracy(), macro, weighted);
    }

    /** Metrics of the given label, if it was reported. */
    public Optional<ClassMetrics> forClass(int label) {
        return classes.stream().filter(c -> c.label() == label).findFirst();
    }

    private static ClassMetrics metrics(int label, long tp, long fp, long fn) {
        double precision = ConfusionMatrix.ratio(tp, tp + fp);
        double recall = ConfusionMatrix.ratio(tp, tp + fn);
        return new ClassMetrics(label, precision, recall, ConfusionMatrix.f1(precision, recall), tp + fn);
    }
}
