package io.scorewatch.credit;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Champion against each challenger version over a window.
 *
 * @param challengers one entry per challenger version, by version
 */
public record ChallengerReport(String model, Instant from, Instant to, String segment, String method,
        List<Entry> challengers) {

    /**
     * One challenger version: AUCs and the paired DeLong test (two-sided, as pROC's
     * {@code roc.test(method = "delong", paired = TRUE)}) over the labelled pairs; costs at each
     * model's own decisions; PSI of the challenger's scores against the champion's over all pairs;
     * the ROC curves of both models on the labelled pairs, thinned for display. Undefined figures
     * (one class only, no labels) are null, and so are the curves of a report stored before they
     * were part of it.
     */
    public record Entry(String modelVersion, int pairs, int labeledPairs, Double championAuc, Double challengerAuc,
            Double delongZ, @JsonProperty("delong_p_value") Double delongPValue, Double championCost, Double challengerCost, Double psi,
            Roc championRoc, Roc challengerRoc) {

        static Entry of(ChallengerReads.Challenger c) {
            return new Entry(c.modelVersion(), c.pairs(), c.labeledPairs(), finite(c.championAuc()),
                    finite(c.challengerAuc()), finite(c.delongZ()), finite(c.delongPValue()), c.championCost(),
                    c.challengerCost(), finite(c.psi()), Roc.of(c.championRoc()), Roc.of(c.challengerRoc()));
        }
    }

    /**
     * A ROC curve: points (false-positive rate, true-positive rate) from (0, 0) to (1, 1), at most
     * {@code scorewatch.credit.roc-points} of the exact curve's vertices.
     *
     * @param vertices the vertices of the exact curve, one per distinct threshold and (0, 0)
     * @param fpr      the points' false-positive rates
     * @param tpr      the points' true-positive rates
     */
    public record Roc(int vertices, List<Double> fpr, List<Double> tpr) {

        static Roc of(ChallengerReads.Roc roc) {
            if (roc == null) {
                return null;
            }
            return new Roc(roc.vertices(), Arrays.stream(roc.fpr()).boxed().toList(),
                    Arrays.stream(roc.tpr()).boxed().toList());
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
