package io.scorewatch.web;

import java.util.List;

/**
 * A drift run's report as the page shows it: every figure already written out, the charts'
 * data as one JSON document for the page's script.
 *
 * @param id          the run
 * @param model       its model
 * @param summary     window, counts, drifted features, drift share, settings
 * @param drifted     names of the drifted features
 * @param prediction  prediction drift
 * @param target      target drift
 * @param sections    one per feature, drifted first, then by p-value
 * @param notes       what the charts cannot show (a reference or window no longer as the run saw it)
 * @param chartData   the histograms, JSON safe to embed in a script element
 */
record DriftReport(long id, String model, List<Fact> summary, List<String> drifted, List<Fact> prediction,
        List<Fact> target, List<Section> sections, List<String> notes, String chartData) {

    /** One labelled figure. */
    record Fact(String label, String value) {
    }

    /**
     * One feature.
     *
     * @param anchor  fragment id of the section
     * @param chartId key of its histogram in the chart data
     * @param caption what the chart shows, for readers that cannot see it
     */
    record Section(String anchor, String chartId, String name, String type, boolean drifted, List<Fact> facts,
            String caption) {
    }
}
