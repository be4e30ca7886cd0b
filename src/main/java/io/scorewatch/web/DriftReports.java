package io.scorewatch.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.scorewatch.config.ResourceNotFoundException;
import io.scorewatch.drift.DriftRunResponse;
import io.scorewatch.drift.DriftRunResponse.FeatureResult;
import io.scorewatch.drift.DriftRuns;
import io.scorewatch.window.PredictionWindowReader;
import io.scorewatch.model.FeatureSchema;
import io.scorewatch.model.FeatureSchemas;
import io.scorewatch.model.FeatureType;
import io.scorewatch.model.SchemaFeature;
import io.scorewatch.reference.ReferenceData;
import io.scorewatch.reference.References;
import io.scorewatch.web.DriftReport.Fact;
import io.scorewatch.web.DriftReport.Section;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a drift run's report: the stored run, and the histograms of each feature, computed from
 * the reference the run compared against and the run's window as the store holds it now.
 */
@Service
class DriftReports {

    /** Share of the free heap the window's feature columns may take at once. */
    private static final double HEAP_SHARE = 0.25;

    private final DriftRuns runs;
    private final References references;
    private final FeatureSchemas schemas;
    private final PredictionWindowReader windows;
    private final DashboardProperties properties;
    private final JsonMapper json;

    DriftReports(DriftRuns runs, References references, FeatureSchemas schemas, PredictionWindowReader windows,
            DashboardProperties properties, JsonMapper json) {
        this.runs = runs;
        this.references = references;
        this.schemas = schemas;
        this.windows = windows;
        this.properties = properties;
        this.json = json;
    }

    /** The report of a run; a 404 problem when there is no such run. */
    DriftReport report(long id) {
        DriftRunResponse run = runs.find(id).orElseThrow(() -> new ResourceNotFoundException("Drift run not found",
                "There is no drift run " + id + ".", "drift-run-not-found"));
        String model = run.model();
        List<String> notes = new ArrayList<>();
        Optional<ReferenceData> reference = references.dataset(model, run.referenceId());
        if (reference.isEmpty()) {
            notes.add("The reference dataset " + run.referenceId() + " this run compared against is no longer"
                    + " stored: the charts show production only.");
        }
        List<FeatureResult> features = run.features().stream().sorted(WORST_FIRST).toList();
        FeatureSchema schema = schemas.schema(model);
        Map<String, Histogram> charts = new LinkedHashMap<>();
        Map<String, Histogram> byFeature = new HashMap<>();
        double[] probability = histograms(run, features, schema, reference.orElse(null), byFeature);
        charts.put("probability", Histogram.probability(reference.map(r -> r.probability().toArray()).orElse(null),
                probability, properties.probabilityBins()));
        if (probability.length != run.predictionCount()) {
            notes.add("The window now holds " + ReportFormat.count(probability.length) + " predictions; the run saw "
                    + ReportFormat.count(run.predictionCount()) + (probability.length < run.predictionCount()
                            ? " (older predictions were purged)." : " (more arrived with timestamps in the window)."));
        }

        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            FeatureResult feature = features.get(i);
            String chartId = "f" + i;
            Histogram histogram = byFeature.get(feature.name());
            if (histogram != null) {
                charts.put(chartId, histogram);
            }
            sections.add(new Section("feature-" + i, histogram == null ? null : chartId, feature.name(),
                    feature.type(), feature.drifted(), facts(feature),
                    (feature.type().equals("categorical") ? "Share of each category" : "Distribution")
                            + " of " + feature.name() + ": reference against production"));
        }
        return new DriftReport(run.id(), model, summary(run), run.driftedFeatures(), prediction(run), target(run),
                sections, notes, embeddable(json.writeValueAsString(charts)));
    }

    /** Drifted first, then the smallest p-value, then by name. */
    static final Comparator<FeatureResult> WORST_FIRST = Comparator
            .comparing((FeatureResult f) -> !f.drifted())
            .thenComparing(f -> f.adjustedPValue() != null ? f.adjustedPValue() : f.pValue(),
                    Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(FeatureResult::name);

    /**
     * Fills {@code byFeature} with a histogram per feature the schema still has: the window is
     * scanned once, then its columns are read a group at a time; answers the window's
     * probabilities.
     */
    private double[] histograms(DriftRunResponse run, List<FeatureResult> features, FeatureSchema schema,
            ReferenceData reference, Map<String, Histogram> byFeature) {
        List<FeatureResult> known = new ArrayList<>();
        List<SchemaFeature> positions = new ArrayList<>();
        for (FeatureResult feature : features) {
            schema.feature(feature.name()).ifPresent(f -> {
                known.add(feature);
                positions.add(f);
            });
        }
        // the rows the run tested: its segment value's, or the whole window's
        io.scorewatch.segment.Segment segment = run.segment() == null ? null : new io.scorewatch.segment.Segment(
                run.segment().substring(0, run.segment().indexOf(':')),
                run.segment().substring(run.segment().indexOf(':') + 1));
        PredictionWindowReader.ScoredRows window = windows.scoredRows(run.model(), segment, run.from(), run.to());
        // a column, its sorted copy and its histogram's work at once
        int group = PredictionWindowReader.columnsPerRead(window.size(), HEAP_SHARE,
                2L * window.size() * Double.BYTES);
        for (int start = 0; start < known.size(); start += group) {
            int end = Math.min(known.size(), start + group);
            int[] columns = positions.subList(start, end).stream().mapToInt(SchemaFeature::position).toArray();
            PredictionWindowReader.FeatureColumns values = windows.features(window.rows(), columns);
            for (int k = start; k < end; k++) {
                byFeature.put(known.get(k).name(), histogram(run.model(), positions.get(k),
                        values.column(k - start), reference));
            }
        }
        return window.probability();
    }

    private Histogram histogram(String model, SchemaFeature feature, double[] column, ReferenceData reference) {
        if (feature.type() == FeatureType.NUMERICAL) {
            ReferenceData.NumericColumn values = reference == null ? null : reference.numerical().get(feature.name());
            return Histogram.numeric(values == null ? null : values.values().toArray(), column,
                    properties.featureBins());
        }
        List<String> dictionary = schemas.categories(model, feature.position());
        long[] counts = new long[dictionary.size()];
        long other = 0;
        for (double code : column) {
            if (code == FeatureSchemas.OTHER_CODE) {
                other++;
            } else if (!Double.isNaN(code) && code >= 0 && code < counts.length) {
                counts[(int) code]++;
            }
        }
        Map<String, Long> production = new HashMap<>();
        for (int code = 0; code < counts.length; code++) {
            if (counts[code] > 0) {
                production.put(dictionary.get(code), counts[code]);
            }
        }
        if (other > 0) {
            production.merge(FeatureSchemas.OTHER_CATEGORY, other, Long::sum);
        }
        ReferenceData.CategoricalColumn categories = reference == null ? null
                : reference.categorical().get(feature.name());
        return Histogram.categorical(categories == null ? null : categories.counts(), production,
                properties.maxCategories());
    }

    private static List<Fact> summary(DriftRunResponse run) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Model", run.model()));
        facts.add(new Fact("Window", ReportFormat.instant(run.from()) + " to " + ReportFormat.instant(run.to())));
        facts.add(new Fact("Run", ReportFormat.instant(run.startedAt()) + ", "
                + ReportFormat.count(Math.max(0, run.finishedAt().toEpochMilli() - run.startedAt().toEpochMilli()))
                + " ms"));
        facts.add(new Fact("Predictions in the window", ReportFormat.count(run.predictionCount())));
        facts.add(new Fact("Reference dataset", "#" + run.referenceId()));
        facts.add(new Fact("Features tested", ReportFormat.count(run.featuresTested()) + " of "
                + ReportFormat.count(run.referenceFeatures()) + " in the reference"));
        facts.add(new Fact("Drifted features", ReportFormat.count(run.driftedFeatures().size())));
        facts.add(new Fact("Drift share", ReportFormat.percent(run.driftShare())));
        facts.add(new Fact("Decision", "policy " + run.policy() + ", correction " + run.correction()
                + ", p-value threshold " + ReportFormat.decimal(run.pValueThreshold(), 2)));
        if (!run.notInReference().isEmpty()) {
            facts.add(new Fact("Not in the reference (not tested)", String.join(", ", run.notInReference())));
        }
        return facts;
    }

    private static List<Fact> prediction(DriftRunResponse run) {
        DriftRunResponse.PredictionDrift drift = run.predictionDrift();
        return List.of(new Fact("Drifted", ReportFormat.yesNo(drift.drifted())),
                new Fact("KS statistic", ReportFormat.decimal(drift.statistic(), 4)),
                new Fact("p-value", ReportFormat.pValue(drift.pValue())),
                new Fact("Mean probability, reference", ReportFormat.decimal(drift.trainMean(), 4)),
                new Fact("Mean probability, production", ReportFormat.decimal(drift.prodMean(), 4)),
                new Fact("Mean shift", ReportFormat.decimal(drift.meanShift(), 4) + " ("
                        + ReportFormat.signedPercent(drift.pctShift()) + ")"));
    }

    private static List<Fact> target(DriftRunResponse run) {
        DriftRunResponse.TargetDrift drift = run.targetDrift();
        List<Fact> facts = new ArrayList<>(List.of(new Fact("Drifted", ReportFormat.yesNo(drift.drifted())),
                new Fact("Chi-square", ReportFormat.decimal(drift.chi2(), 4)),
                new Fact("p-value", ReportFormat.pValue(drift.pValue())),
                new Fact("Default rate, reference", ReportFormat.percent(drift.trainPositiveRate())),
                new Fact("Default rate, production (labelled)", ReportFormat.percent(drift.prodPositiveRate())),
                new Fact("Labelled predictions", ReportFormat.count(drift.labeledCount()))));
        if (drift.note() != null) {
            facts.add(new Fact("Note", drift.note()));
        }
        return facts;
    }

    private static List<Fact> facts(FeatureResult feature) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Drifted", ReportFormat.yesNo(feature.drifted())));
        facts.add(new Fact("Type", feature.type()));
        facts.add(new Fact("Test", feature.test().equals("ks") ? "Kolmogorov-Smirnov (ks)" : "chi-square (chi2)"));
        facts.add(new Fact("Statistic", ReportFormat.decimal(feature.statistic(), 4)));
        facts.add(new Fact("p-value", ReportFormat.pValue(feature.pValue())));
        if (feature.adjustedPValue() != null) {
            facts.add(new Fact("Adjusted p-value", ReportFormat.pValue(feature.adjustedPValue())));
        }
        facts.add(new Fact("PSI", ReportFormat.decimal(feature.psi(), 4)
                + (feature.psiBand() == null ? "" : " (" + feature.psiBand() + ")")));
        facts.add(new Fact(feature.type().equals("categorical") ? "Jensen-Shannon distance"
                : "Wasserstein distance / reference sd", ReportFormat.decimal(feature.distance(), 4)));
        facts.add(new Fact("Values, reference / production", ReportFormat.count(feature.referenceCount()) + " / "
                + ReportFormat.count(feature.productionCount())));
        if (feature.missing() != null) {
            facts.add(new Fact("Missing, reference / production", ReportFormat.percent(feature.missing()
                    .referenceShare()) + " / " + ReportFormat.percent(feature.missing().productionShare())
                    + (feature.missing().drifted() ? " (moved)" : "")));
        }
        if (feature.unseenCategories() != null) {
            facts.add(new Fact("Categories not in the reference", ReportFormat.count(feature.unseenCategories())));
        }
        return facts;
    }

    /** JSON that cannot close the script element it is embedded in. */
    static String embeddable(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
