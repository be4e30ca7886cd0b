package io.scorewatch.credit;

import java.time.Instant;
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
     * model's own decisions; PSI of the challenger's scores against the champion's over all pairs.
     * Undefined figures (one class only, no labels) are null.
     */
    public record Entry(String modelVersion, int pairs, int labeledPairs, Double championAuc, Double challengerAuc,
            Double delongZ, @JsonProperty("delong_p_value") Double delongPValue, Double championCost, Double challengerCost, Double psi) {

        static Entry of(ChallengerReads.Challenger c) {
            return new Entry(c.modelVersion(), c.pairs(), c.labeledPairs(), finite(c.championAuc()),
                    finite(c.challengerAuc()), finite(c.delongZ()), finite(c.delongPValue()), c.championCost(),
                    c.challengerCost(), finite(c.psi()));
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
