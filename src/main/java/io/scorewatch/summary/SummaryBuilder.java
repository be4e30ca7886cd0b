package io.scorewatch.summary;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import io.scorewatch.model.FeatureSchema;
import io.scorewatch.model.FeatureSchemas;
import io.scorewatch.model.FeatureType;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.SchemaFeature;
import io.scorewatch.reference.ReferenceData;
import io.scorewatch.reference.References;
import io.scorewatch.segment.Segment;
import io.scorewatch.stats.PsiBins;
import io.scorewatch.stats.QuantileSketch;
import io.scorewatch.window.PredictionWindowReader;
import io.scorewatch.window.ScoreColumns;

/**
 * Builds the summary of a span of a model's raw rows: one read of its score columns (scores,
 * decisions, outcomes, latencies), one scan for where its feature vectors are, then its feature
 * columns, as many at a time as fit in a share of the free heap.
 */
@Component
class SummaryBuilder {

    /** Share of the free heap the feature columns of one span may take. */
    private static final double HEAP_SHARE = 0.25;

    private final PredictionWindowReader reader;
    private final FeatureSchemas schemas;
    private final SummaryProperties properties;
    private final References references;

    SummaryBuilder(PredictionWindowReader reader, FeatureSchemas schemas, SummaryProperties properties,
            References references) {
        this.reader = reader;
        this.schemas = schemas;
        this.properties = properties;
        this.references = references;
    }

    /** The summary of the model's predictions in [from, to). */
    BucketSummary build(ModelDefinition model, Instant from, Instant to) {
        return build(model, null, from, to);
    }

    /** The summary of the predictions of one segment value in [from, to); the total when the segment is null. */
    BucketSummary build(ModelDefinition model, Segment segment, Instant from, Instant to) {
        return build(model, segment, null, from, to);
    }

    /**
     * The summary of the predictions of one segment value (the total when null) and one model
     * version (every version when null) in [from, to).
     */
    BucketSummary build(ModelDefinition model, Segment segment, String version, Instant from, Instant to) {
        return build(model, segment, version, from, to, true);
    }

    /**
     * {@link #build(ModelDefinition, Segment, String, Instant, Instant)}; without {@code withFeatures},
     * the scores, decisions, outcomes and latencies only (no feature column is read).
     */
    BucketSummary build(ModelDefinition model, Segment segment, String version, Instant from, Instant to,
            boolean withFeatures) {
        BucketSummary summary = BucketSummary.empty(model.decisionThreshold(), model.highRiskProbability(),
                properties);
        ScoreColumns scores = reader.scoreColumns(model.name(), segment, version, from, to);
        if (scores.size() == 0) {
            return summary;
        }
        addScores(summary, scores);
        if (!withFeatures) {
            return summary;
        }
        // the active reference's PSI bins: each numerical feature's values are counted in them exactly
        ReferenceData reference = references.active(model.name()).orElse(null);
        Map<String, PsiBins> psiBins = new HashMap<>();
        if (reference != null) {
            summary.psiReference = reference.id();
            reference.numerical().forEach((name, column) -> {
                if (!column.values().isEmpty()) {
                    psiBins.put(name, PsiBins.of(column.values()));
                }
            });
        }
        PredictionWindowReader.ScoredRows rows = reader.scoredRows(model.name(), segment, version, from, to);
        FeatureSchema schema = schemas.schema(model.name());
        List<SchemaFeature> features = schema.features();
        int[] positions = features.stream().mapToInt(SchemaFeature::position).toArray();
        int group = PredictionWindowReader.columnsPerRead(rows.size(), HEAP_SHARE, 0);
        for (int start = 0; start < positions.length; start += group) {
            int end = Math.min(positions.length, start + group);
            PredictionWindowReader.FeatureColumns columns = reader.features(rows.rows(),
                    Arrays.copyOfRange(positions, start, end));
            for (int k = start; k < end; k++) {
                addFeature(summary, model.name(), features.get(k), columns.column(k - start),
                        psiBins.get(features.get(k).name()));
            }
        }
        return summary;
    }

    private static void addScores(BucketSummary summary, ScoreColumns scores) {
        double threshold = summary.threshold;
        double highRisk = summary.highRiskProbability;
        double[] p = scores.probability();
        byte[] decision = scores.prediction();
        byte[] label = scores.label();
        double[] latency = scores.latencyMs();
        for (int i = 0; i < scores.size(); i++) {
            summary.predictions++;
            summary.scores.add(p[i], decision[i], label[i]);
            summary.probability.add(p[i]);
            summary.latency.add(latency[i]);
            if (p[i] > highRisk) {
                summary.highRisk++;
            }
            if (label[i] >= 0) {
                summary.decisionCells[2 * label[i] + decision[i]]++;
                summary.thresholdCells[2 * label[i] + (p[i] >= threshold ? 1 : 0)]++;
            }
        }
    }

    private void addFeature(BucketSummary summary, String model, SchemaFeature feature, double[] column,
            PsiBins psiBins) {
        long missing = 0;
        if (feature.type() == FeatureType.NUMERICAL) {
            if (psiBins != null) {
                summary.psiCounts.merge(feature.name(), psiBins.counts(column), (a, b) -> {
                    for (int i = 0; i < a.length; i++) {
                        a[i] += b[i];
                    }
                    return a;
                });
            }
            QuantileSketch sketch = summary.numerical.computeIfAbsent(feature.name(),
                    name -> QuantileSketch.create(properties.featureK()));
            for (double v : column) {
                if (Double.isNaN(v)) {
                    missing++;
                } else {
                    sketch.add(v);
                }
            }
        } else {
            List<String> dictionary = schemas.categories(model, feature.position());
            long[] counts = new long[dictionary.size()];
            long other = 0;
            for (double code : column) {
                if (code == FeatureSchemas.OTHER_CODE) {
                    other++;
                } else if (Double.isNaN(code) || code < 0 || code >= counts.length) {
                    missing++;
                } else {
                    counts[(int) code]++;
                }
            }
            var byName = summary.categories.computeIfAbsent(feature.name(), name -> new TreeMap<>());
            for (int code = 0; code < counts.length; code++) {
                if (counts[code] > 0) {
                    byName.merge(dictionary.get(code), counts[code], Long::sum);
                }
            }
            if (other > 0) {
                // the categories beyond the dictionary's bound: one category, as a drift run counts them
                byName.merge(FeatureSchemas.OTHER_CATEGORY, other, Long::sum);
            }
        }
        summary.missing.merge(feature.name(), missing, Long::sum);
    }
}
