package io.scorewatch.reference;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.IntStream;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.scorewatch.model.FeatureSchema;
import io.scorewatch.model.FeatureSchemas;
import io.scorewatch.model.FeatureSchemas.NewFeature;
import io.scorewatch.model.FeatureSource;
import io.scorewatch.model.FeatureType;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.model.ReferenceLookup;
import io.scorewatch.model.SchemaFeature;
import io.scorewatch.stats.SortedSample;

/**
 * Reference datasets: upload (streamed, checked, presorted, stored in one transaction so a
 * failed upload leaves the previous reference in force) and the active dataset of a model,
 * kept in memory while the heap allows (a soft reference) so a drift run never sorts it again.
 *
 * <p>A feature's type: the schema's when the model already has the feature (production
 * vectors are encoded by it), else the model YAML's override, else inferred (numbers:
 * numerical, anything else: categorical).
 */
@Service
public class References implements ReferenceLookup {

    private static final Logger log = LoggerFactory.getLogger(References.class);

    private final ModelRegistry models;
    private final FeatureSchemas schemas;
    private final ReferenceStore store;
    private final TransactionTemplate transaction;
    private final ReferenceProperties limits;
    private final Clock clock;
    private final Map<String, SoftReference<ReferenceData>> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> loading = new ConcurrentHashMap<>();

    References(ModelRegistry models, FeatureSchemas schemas, ReferenceStore store, PlatformTransactionManager transactions,
            ReferenceProperties limits, Clock clock) {
        this.limits = limits;
        this.models = models;
        this.schemas = schemas;
        this.store = store;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    ReferenceSummary upload(String modelName, InputStream csv) throws IOException {
        ModelDefinition model = models.get(modelName);
        ReferenceParser.Parsed parsed = ReferenceParser.parse(csv, model, limits);
        FeatureSchema schema = schemas.schema(model.name());
        List<ReferenceColumnBuilder> builders = parsed.features();
        List<FeatureType> types = new ArrayList<>();
        List<NewFeature> newFeatures = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        for (ReferenceColumnBuilder builder : builders) {
            FeatureType inferred = builder.isNumeric() ? FeatureType.NUMERICAL : FeatureType.CATEGORICAL;
            FeatureType type = schema.feature(builder.name()).map(SchemaFeature::type)
                    .orElse(model.features().getOrDefault(builder.name(), inferred));
            types.add(type);
            if (type == FeatureType.NUMERICAL && !builder.isNumeric()) {
                conflicts.add(builder.name());
            }
            if (schema.feature(builder.name()).isEmpty()) {
                newFeatures.add(new NewFeature(builder.name(), type, FeatureSource.REFERENCE));
            }
        }
        // before the probability column is sorted in place: it still lines up with the targets
        ReferenceStore.Calibration calibration = calibration(parsed);
        SortedSample probability = SortedSample.sortInPlace(parsed.probability());
        double mean = Arrays.stream(probability.toArray()).sum() / Math.max(1, probability.size());
        Double probabilityMean = probability.isEmpty() ? null : mean;
        // each column is sorted as the store takes it and let go once written: the values are in
        // memory once (as read), never twice
        List<ReferenceStore.StoredColumn> described = new ArrayList<>();
        Iterator<ReferenceStore.StoredColumn> columns = Stream.concat(
                IntStream.range(0, builders.size()).mapToObj(i -> featureColumn(builders.get(i), types.get(i))),
                Stream.of(new ReferenceStore.StoredColumn(model.reference().probabilityColumn(),
                        ReferenceStore.PROBABILITY, FeatureType.NUMERICAL.name(), probability.missing(),
                        probability.toArray(), null),
                        new ReferenceStore.StoredColumn(model.reference().targetColumn(), ReferenceStore.TARGET,
                                FeatureType.CATEGORICAL.name(), 0, null, Map.of("0",
                                        parsed.rows() - parsed.targetPositives(), "1", parsed.targetPositives()))))
                .peek(column -> described.add(column.withoutValues())).iterator();

        if (!newFeatures.isEmpty()) {
            schemas.add(model.name(), newFeatures);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Long id = transaction.execute(status -> store.replace(model.name(), now, parsed.rows(),
                parsed.targetPositives(), probability.size(), probabilityMean, columns, calibration));
        cache.remove(model.name());
        seedCategories(model.name(), described);
        log.info("Model {}: reference dataset {} with {} rows and {} features is now active", model.name(), id,
                parsed.rows(), builders.size());
        if (!conflicts.isEmpty()) {
            log.warn("Model {}: reference values of {} do not fit their numerical type; counted as missing",
                    model.name(), conflicts);
        }
        return summary(new ReferenceStore.Dataset(id, model.name(), now, parsed.rows(), parsed.targetPositives(),
                probability.size(), probabilityMean), described, conflicts);
    }

    /**
     * Gives each categorical feature's dictionary the reference's categories, most frequent first,
     * so that the categories the model was trained on keep a code of their own whatever production
     * sent before.
     */
    private void seedCategories(String model, List<ReferenceStore.StoredColumn> columns) {
        FeatureSchema schema = schemas.schema(model);
        for (ReferenceStore.StoredColumn column : columns) {
            if (ReferenceStore.FEATURE.equals(column.kind()) && column.counts() != null) {
                schema.feature(column.name()).filter(f -> f.type() == FeatureType.CATEGORICAL)
                        .ifPresent(feature -> schemas.seedCategories(model, feature.position(),
                                column.counts().entrySet().stream()
                                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                                                .thenComparing(Map.Entry.comparingByKey()))
                                        .map(Map.Entry::getKey).toList()));
            }
        }
    }

    /** A feature's stored column: a numerical one sorted, a categorical one as category counts. */
    private static ReferenceStore.StoredColumn featureColumn(ReferenceColumnBuilder builder, FeatureType type) {
        if (type == FeatureType.NUMERICAL) {
            double[] values = builder.isNumeric() ? builder.takeNumbers() : builder.categoriesAsNumbers();
            SortedSample sorted = SortedSample.sortInPlace(values);
            return new ReferenceStore.StoredColumn(builder.name(), ReferenceStore.FEATURE, type.name(),
                    sorted.missing(), sorted.toArray(), null);
        }
        Map<String, Long> counts = builder.isNumeric() ? builder.numbersAsCategories() : builder.categoryCounts();
        return new ReferenceStore.StoredColumn(builder.name(), ReferenceStore.FEATURE, type.name(),
                builder.missingCount(), null, counts);
    }

    /** The non-missing probabilities by outcome, each sorted. */
    private static ReferenceStore.Calibration calibration(ReferenceParser.Parsed parsed) {
        double[] probability = parsed.probability();
        byte[] target = parsed.target();
        double[] defaults = new double[probability.length];
        double[] nonDefaults = new double[probability.length];
        int d = 0;
        int nd = 0;
        for (int i = 0; i < probability.length; i++) {
            if (!Double.isNaN(probability[i])) {
                if (target[i] == 1) {
                    defaults[d++] = probability[i];
                } else {
                    nonDefaults[nd++] = probability[i];
                }
            }
        }
        double[] sortedDefaults = Arrays.copyOf(defaults, d);
        double[] sortedNonDefaults = Arrays.copyOf(nonDefaults, nd);
        Arrays.sort(sortedDefaults);
        Arrays.sort(sortedNonDefaults);
        return new ReferenceStore.Calibration(sortedDefaults, sortedNonDefaults);
    }

    /** The summary of the model's active reference. */
    Optional<ReferenceSummary> summary(String model) {
        models.get(model);
        return store.active(model).map(dataset ->
                summary(dataset, List.copyOf(store.columns(dataset.id()).values()), List.of()));
    }

    @Override
    public Optional<ReferenceInfo> reference(String model) {
        return store.active(model).map(dataset -> new ReferenceInfo(dataset.id(), dataset.uploadedAt(),
                dataset.rows(), store.featureCount(dataset.id()), (double) dataset.targetPositives() / dataset.rows(),
                dataset.probabilityMean()));
    }

    /** The model's active reference dataset, ready for the tests. */
    public Optional<ReferenceData> active(String model) {
        Optional<ReferenceStore.Dataset> dataset = store.active(model);
        if (dataset.isEmpty()) {
            return Optional.empty();
        }
        // one reader loads a model's dataset; others wait for it rather than load it again
        synchronized (loading.computeIfAbsent(model, m -> new Object())) {
            SoftReference<ReferenceData> cached = cache.get(model);
            ReferenceData data = cached == null ? null : cached.get();
            if (data != null && data.id() == dataset.get().id()) {
                return Optional.of(data);
            }
            data = load(dataset.get());
            cache.put(model, new SoftReference<>(data));
            return Optional.of(data);
        }
    }

    /**
     * A stored dataset of the model by its id, active or replaced since (what an older drift run
     * compared against); empty when the model has no dataset of that id.
     */
    public Optional<ReferenceData> dataset(String model, long id) {
        Optional<ReferenceData> active = active(model);
        if (active.isPresent() && active.get().id() == id) {
            return active;
        }
        return store.dataset(model, id).map(this::load);
    }

    private ReferenceData load(ReferenceStore.Dataset dataset) {
        Map<String, ReferenceData.NumericColumn> numerical = new LinkedHashMap<>();
        Map<String, ReferenceData.CategoricalColumn> categorical = new LinkedHashMap<>();
        SortedSample[] probability = {SortedSample.ofSorted(new double[0])};
        // a column at a time, a tied one compacted before the next is read
        store.eachColumn(dataset.id(), column -> {
            switch (column.kind()) {
                case ReferenceStore.PROBABILITY -> probability[0] = ReferenceStore.sample(column);
                case ReferenceStore.FEATURE -> {
                    if (column.featureType().equals(FeatureType.NUMERICAL.name())) {
                        numerical.put(column.name(), new ReferenceData.NumericColumn(column.name(),
                                ReferenceStore.sample(column).compacted(), column.missing()));
                    } else {
                        categorical.put(column.name(), new ReferenceData.CategoricalColumn(column.name(),
                                Map.copyOf(column.counts()), column.missing()));
                    }
                }
                default -> {
                    // the target: its counts are on the dataset row
                }
            }
        });
        ReferenceStore.Calibration calibration = store.calibration(dataset.id())
                .orElse(new ReferenceStore.Calibration(new double[0], new double[0]));
        return new ReferenceData(dataset.id(), dataset.model(), dataset.uploadedAt(), dataset.rows(), numerical,
                categorical, dataset.targetPositives(), probability[0], SortedSample.ofSorted(calibration.defaults()),
                SortedSample.ofSorted(calibration.nonDefaults()));
    }

    private static ReferenceSummary summary(ReferenceStore.Dataset dataset, List<ReferenceStore.StoredColumn> columns,
            List<String> conflicts) {
        List<ReferenceSummary.Feature> features = columns.stream()
                .filter(c -> c.kind().equals(ReferenceStore.FEATURE))
                .map(c -> new ReferenceSummary.Feature(c.name(), c.featureType().toLowerCase(),
                        (double) c.missing() / dataset.rows(), c.counts() == null ? null : c.counts().size()))
                .toList();
        return new ReferenceSummary(dataset.id(), dataset.model(), dataset.uploadedAt(), dataset.rows(),
                (double) dataset.targetPositives() / dataset.rows(), dataset.probabilityMean(), features, conflicts);
    }
}
