package io.scorewatch.stats;

import java.util.function.DoubleUnaryOperator;

/**
 * Performance estimated from calibrated probabilities alone (confidence-based performance
 * estimation, CBPE): with a calibrated probability p, a row decided positive
 * ({@code p_raw >= threshold}) is a true positive with probability p and a false positive
 * with 1 - p; a row decided negative is a false negative with p and a true negative with 1 - p.
 * The expected confusion matrix gives precision, recall, F1 and the business cost; the ROC
 * curve is traced with the scores sorted descending, expected true positives being the running
 * sum of p and expected false positives that of 1 - p (ties form one step).
 *
 * <p>Standard errors are those of the realised value if the outcomes were drawn from the
 * calibrated probabilities: the counts are sums of independent Bernoulli variables (variance
 * {@code p (1 - p)} each), precision, recall and F1 get theirs by the delta method, the cost
 * exactly, and ROC-AUC by Hanley and McNeil (1982) with the expected class sizes.
 */
public record ConfidenceBasedEstimate(long rows, double truePositives, double falsePositives,
        double falseNegatives, double trueNegatives, double rocAuc, double rocAucStandardError, double precision,
        double precisionStandardError, double recall, double recallStandardError, double f1, double f1StandardError,
        double businessCost, double businessCostStandardError) {

    /**
     * @param scores      the model's probabilities, which rank the rows and decide them
     * @param calibration the calibrated probability of a score (a non-decreasing function;
     *                    {@code p -> p} when the scores are calibrated)
     * @param threshold   decided positive when {@code score >= threshold}
     * @param costFn      cost of a false negative
     * @param costFp      cost of a false positive
     */
    public static ConfidenceBasedEstimate of(double[] scores, DoubleUnaryOperator calibration, double threshold,
            double costFn, double costFp) {
        int n = scores.length;
        double[] sorted = scores.clone();
        DoubleSort.sort(sorted);
        double[] calibrated = new double[n];
        for (int i = 0; i < n; i++) {
            calibrated[i] = calibration.applyAsDouble(sorted[i]);
        }
        scores = sorted;
        CompensatedSum tp = new CompensatedSum();
        CompensatedSum fp = new CompensatedSum();
        CompensatedSum fn = new CompensatedSum();
        CompensatedSum tn = new CompensatedSum();
        CompensatedSum varPositiveDecided = new CompensatedSum();
        CompensatedSum varNegativeDecided = new CompensatedSum();
        long decidedPositive = 0;
        for (int i = 0; i < n; i++) {
            double p = Math.min(1, Math.max(0, calibrated[i]));
            double v = p * (1 - p);
            if (scores[i] >= threshold) {
                tp.add(p);
                fp.add(1 - p);
                varPositiveDecided.add(v);
                decidedPositive++;
            } else {
                fn.add(p);
                tn.add(1 - p);
                varNegativeDecided.add(v);
            }
        }
        return fromExpectedCounts(n, tp.value(), fp.value(), fn.value(), tn.value(), varPositiveDecided.value(),
                varNegativeDecided.value(), decidedPositive, rocAuc(scores, calibrated), costFn, costFp);
    }

    /**
     * {@link #of} over rows given as distinct scores with a count each (the rows of a summary's
     * probability bin at the bin's mean probability): the same estimate as {@code of} over the
     * scores repeated by their counts.
     *
     * @param scores  distinct scores, any order
     * @param weights rows at each score
     */
    public static ConfidenceBasedEstimate ofWeighted(double[] scores, long[] weights, DoubleUnaryOperator calibration,
            double threshold, double costFn, double costFp) {
        int m = scores.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(scores[x], scores[y]));
        double[] sorted = new double[m];
        double[] calibrated = new double[m];
        long[] weight = new long[m];
        long n = 0;
        for (int i = 0; i < m; i++) {
            sorted[i] = scores[order[i]];
            weight[i] = weights[order[i]];
            calibrated[i] = Math.min(1, Math.max(0, calibration.applyAsDouble(sorted[i])));
            n += weight[i];
        }
        CompensatedSum tp = new CompensatedSum();
        CompensatedSum fp = new CompensatedSum();
        CompensatedSum fn = new CompensatedSum();
        CompensatedSum tn = new CompensatedSum();
        CompensatedSum varA = new CompensatedSum();
        CompensatedSum varB = new CompensatedSum();
        long decidedPositive = 0;
        for (int i = 0; i < m; i++) {
            double p = calibrated[i];
            double w = weight[i];
            if (sorted[i] >= threshold) {
                tp.add(w * p);
                fp.add(w * (1 - p));
                varA.add(w * p * (1 - p));
                decidedPositive += weight[i];
            } else {
                fn.add(w * p);
                tn.add(w * (1 - p));
                varB.add(w * p * (1 - p));
            }
        }
        double a = tp.value();
        double b = fn.value();
        double totalPositive = a + b;
        double totalNegative = n - totalPositive;
        double auc = Double.NaN;
        if (totalPositive > 0 && totalNegative > 0) {
            double area = 0;
            double runningTp = 0;
            double runningFp = 0;
            double lastTpr = 0;
            double lastFpr = 0;
            for (int k = m - 1; k >= 0; k--) {
                runningTp += weight[k] * calibrated[k];
                runningFp += weight[k] * (1 - calibrated[k]);
                double tpr = runningTp / totalPositive;
                double fpr = runningFp / totalNegative;
                area += (fpr - lastFpr) * (tpr + lastTpr) / 2;
                lastTpr = tpr;
                lastFpr = fpr;
            }
            auc = area;
        }
        return fromExpectedCounts(n, a, fp.value(), b, tn.value(), varA.value(), varB.value(), decidedPositive, auc,
                costFn, costFp);
    }

    /**
     * The estimate from the expected confusion counts ({@code a} true positives, {@code b} false
     * negatives), the summed Bernoulli variances of the rows decided positive and negative, and
     * the expected ROC-AUC: each figure with its standard error (delta method; Hanley-McNeil for
     * the AUC).
     */
    private static ConfidenceBasedEstimate fromExpectedCounts(long n, double a, double fp, double b, double tn,
            double varA, double varB, long decidedPositive, double auc, double costFn, double costFp) {
        double precision = decidedPositive == 0 ? Double.NaN : a / decidedPositive;
        double precisionSe = decidedPositive == 0 ? Double.NaN : Math.sqrt(varA) / decidedPositive;
        double recall = a + b == 0 ? Double.NaN : a / (a + b);
        double recallSe = a + b == 0 ? Double.NaN
                : Math.sqrt(b * b * varA + a * a * varB) / Math.pow(a + b, 2);
        double f1Denominator = a + decidedPositive + b;
        double f1 = f1Denominator == 0 ? Double.NaN : 2 * a / f1Denominator;
        double f1Se = Double.NaN;
        if (f1Denominator > 0) {
            double dA = 2 * (decidedPositive + b) / (f1Denominator * f1Denominator);
            double dB = -2 * a / (f1Denominator * f1Denominator);
            f1Se = Math.sqrt(dA * dA * varA + dB * dB * varB);
        }
        double cost = b * costFn + fp * costFp;
        double costSe = Math.sqrt(costFn * costFn * varB + costFp * costFp * varA);
        double positives = a + b;
        double aucSe = hanleyMcNeil(auc, positives, n - positives);
        return new ConfidenceBasedEstimate(n, a, fp, b, tn, auc, aucSe, precision, precisionSe, recall, recallSe,
                f1, f1Se, cost, costSe);
    }

    /** The expected ROC curve's area: scores (sorted ascending) walked down, ties as one step, trapezoids. */
    private static double rocAuc(double[] scores, double[] calibrated) {
        int n = scores.length;
        double totalPositive = 0;
        double totalNegative = 0;
        for (int i = 0; i < n; i++) {
            double p = Math.min(1, Math.max(0, calibrated[i]));
            totalPositive += p;
            totalNegative += 1 - p;
        }
        if (totalPositive <= 0 || totalNegative <= 0) {
            return Double.NaN;
        }
        double area = 0;
        double tp = 0;
        double fp = 0;
        double lastTpr = 0;
        double lastFpr = 0;
        int k = n - 1;
        while (k >= 0) {
            double score = scores[k];
            while (k >= 0 && scores[k] == score) {
                double p = Math.min(1, Math.max(0, calibrated[k]));
                tp += p;
                fp += 1 - p;
                k--;
            }
            double tpr = tp / totalPositive;
            double fpr = fp / totalNegative;
            area += (fpr - lastFpr) * (tpr + lastTpr) / 2;
            lastTpr = tpr;
            lastFpr = fpr;
        }
        return area;
    }

    /** Hanley and McNeil's standard error of an AUC with n1 positives and n2 negatives. */
    static double hanleyMcNeil(double auc, double n1, double n2) {
        if (Double.isNaN(auc) || n1 <= 1 || n2 <= 1) {
            return Double.NaN;
        }
        double q1 = auc / (2 - auc);
        double q2 = 2 * auc * auc / (1 + auc);
        double variance = (auc * (1 - auc) + (n1 - 1) * (q1 - auc * auc) + (n2 - 1) * (q2 - auc * auc)) / (n1 * n2);
        return Math.sqrt(Math.max(0, variance));
    }
}
