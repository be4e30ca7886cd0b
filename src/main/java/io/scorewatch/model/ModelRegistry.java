package io.scorewatch.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The configured models: {@code <config-dir>/models/*.yaml}, or the built-in defaults (the
 * same content as the shipped {@code config/models}) when that folder is absent. A file that
 * does not parse or holds an invalid value stops start-up with a message naming it.
 */
@Component
public class ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
    private static final Pattern SEGMENT_KEY = Pattern.compile("[a-z][a-z0-9_]{0,49}");
    private static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,99}");
    private static final String BUILT_IN = "classpath:defaults/models/*.yaml";

    private final Map<String, ModelDefinition> models;
    private final String defaultModel;

    ModelRegistry(ModelRegistryProperties properties) {
        this(properties, SegmentProperties.defaults());
    }

    @Autowired
    ModelRegistry(ModelRegistryProperties properties, SegmentProperties segments) {
        this.models = Collections.unmodifiableMap(load(properties.configDir().resolve("models"),
                segments.maxValues()));
        this.defaultModel = properties.defaultModel();
        if (!models.containsKey(defaultModel)) {
            throw new IllegalStateException("The default model '" + defaultModel
                    + "' (scorewatch.default-model) is not among the configured models " + models.keySet());
        }
        log.info("Monitoring models {} (default: {})", models.keySet(), defaultModel);
    }

    /** The model of that name. */
    public ModelDefinition get(String name) {
        return find(name).orElseThrow(() -> new UnknownModelException(name));
    }

    public Optional<ModelDefinition> find(String name) {
        return Optional.ofNullable(name == null ? null : models.get(name));
    }

    /** The model a prediction belongs to when it names none. */
    public ModelDefinition defaultModel() {
        return models.get(defaultModel);
    }

    /** The model of that name, or the default model when the name is null. */
    public ModelDefinition resolve(String nameOrNull) {
        return nameOrNull == null ? defaultModel() : get(nameOrNull);
    }

    public Collection<ModelDefinition> all() {
        return models.values();
    }

    private static Map<String, ModelDefinition> load(Path folder, int maxValues) {
        Map<String, ModelDefinition> loaded = new LinkedHashMap<>();
        if (Files.isDirectory(folder)) {
            for (Path file : yamlFiles(folder)) {
                try (InputStream in = Files.newInputStream(file)) {
                    add(loaded, parse(in, file.toString(), baseName(file.getFileName().toString()), maxValues));
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot read model file " + file + ": " + e.getMessage(), e);
                }
            }
            if (loaded.isEmpty()) {
                throw new IllegalStateException("The model folder " + folder.toAbsolutePath() + " holds no *.yaml file");
            }
            return loaded;
        }
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(BUILT_IN)) {
                try (InputStream in = resource.getInputStream()) {
                    add(loaded, parse(in, "built-in " + resource.getFilename(), baseName(resource.getFilename()),
                            maxValues));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the built-in model definitions", e);
        }
        return loaded;
    }

    private static List<Path> yamlFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list model folder " + folder, e);
        }
    }

    private static void add(Map<String, ModelDefinition> loaded, ModelDefinition model) {
        if (loaded.putIfAbsent(model.name(), model) != null) {
            throw new IllegalStateException("Model '" + model.name() + "' is defined twice");
        }
    }

    private static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    static ModelDefinition parse(InputStream in, String source, String fileBaseName) {
        return parse(in, source, fileBaseName, SegmentProperties.defaults().maxValues());
    }

    /**
     * Parses and checks one model file; the error names the file and the offending value (and
     * its line, for a value the YAML reader rejects). A segment without {@code max-values} keeps
     * {@code defaultMaxValues} values.
     */
    static ModelDefinition parse(InputStream in, String source, String fileBaseName, int defaultMaxValues) {
        ModelFile file;
        try {
            file = MAPPER.readValue(in, ModelFile.class);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            String path = String.join(".", e.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .toList());
            throw new IllegalStateException("Invalid model file " + source + where + ": "
                    + (path.isEmpty() ? "" : path + ": ") + e.getOriginalMessage(), e);
        }
        if (file == null) {
            throw new IllegalStateException("Invalid model file " + source + ": it is empty");
        }
        List<String> problems = new ArrayList<>();
        String name = file.name() == null ? fileBaseName : file.name();
        if (!MODEL_NAME.matcher(name).matches()) {
            problems.add("name '" + name + "' must match " + MODEL_NAME.pattern());
        }
        requireProbability(problems, "decision-threshold", file.decisionThreshold(), false);
        requireProbability(problems, "expected-positive-rate", file.expectedPositiveRate(), true);
        requireProbability(problems, "high-risk-probability", file.highRiskProbability(), true);
        ModelFile.CostsFile costs = file.costs();
        if (costs == null || costs.falseNegative() == null || costs.falsePositive() == null) {
            problems.add("costs.false-negative and costs.false-positive are required");
        } else if (!(costs.falseNegative() >= 0) || !(costs.falsePositive() >= 0)
                || Double.isInfinite(costs.falseNegative()) || Double.isInfinite(costs.falsePositive())) {
            problems.add("costs must be finite and >= 0");
        }
        ModelFile.ReferenceFile reference = file.reference() == null
                ? new ModelFile.ReferenceFile(null, null) : file.reference();
        String target = reference.targetColumn() == null ? "target" : reference.targetColumn();
        String probability = reference.probabilityColumn() == null ? "probability" : reference.probabilityColumn();
        if (target.equals(probability)) {
            problems.add("reference.target-column and reference.probability-column must differ");
        }
        Map<String, SegmentDeclaration> segments = segments(file, defaultMaxValues, problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid model file " + source + ": " + String.join("; ", problems));
        }
        return new ModelDefinition(name, file.description() == null ? "" : file.description(),
                file.decisionThreshold(), file.expectedPositiveRate(), file.highRiskProbability(),
                new ModelDefinition.Costs(costs.falseNegative(), costs.falsePositive()),
                new ModelDefinition.ReferenceColumns(target, probability), file.features(), segments,
                file.grades() == null ? List.of() : file.grades().grades(),
                file.performanceWindow() == null ? null : file.performanceWindow().period(),
                file.initialAuc() == null ? null : file.initialAuc().value());
    }

    /** The declared segments, checked: keys, and a feature declared numerical is no segment. */
    private static Map<String, SegmentDeclaration> segments(ModelFile file, int defaultMaxValues,
            List<String> problems) {
        Map<String, SegmentDeclaration> segments = new LinkedHashMap<>();
        if (file.segments() == null) {
            return segments;
        }
        if (file.segments().size() > SegmentDeclaration.MAX_KEYS) {
            problems.add("segments: " + file.segments().size() + " keys declared, at most "
                    + SegmentDeclaration.MAX_KEYS + " (the segment columns of a stored prediction)");
        }
        file.segments().forEach((key, segment) -> {
            if (!SEGMENT_KEY.matcher(key).matches()) {
                problems.add("segment key '" + key + "' must match " + SEGMENT_KEY.pattern());
                return;
            }
            if (segment == null) {
                problems.add("segments." + key + " needs feature: NAME or tag: NAME");
                return;
            }
            if (segment.feature() != null && file.features() != null
                    && file.features().get(segment.feature()) == FeatureType.NUMERICAL) {
                problems.add("segments." + key + ": feature " + segment.feature()
                        + " is numerical; a segment takes a categorical feature");
            }
            segments.put(key, segment.toDeclaration(key, defaultMaxValues));
        });
        return segments;
    }

    private static void requireProbability(List<String> problems, String key, Double value, boolean closed) {
        if (value == null) {
            problems.add(key + " is required");
        } else if (closed ? !(value >= 0 && value <= 1) : !(value > 0 && value < 1)) {
            problems.add(key + " must lie in " + (closed ? "[0, 1]" : "(0, 1)") + ", was " + value);
        }
    }

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    /** The YAML layout of a model file. */
    record ModelFile(String name, String description, Double decisionThreshold, Double expectedPositiveRate,
            Double highRiskProbability, CostsFile costs, ReferenceFile reference, Map<String, FeatureType> features,
            LinkedHashMap<String, SegmentFile> segments, GradesFile grades, PerformanceWindowFile performanceWindow,
            InitialAucFile initialAuc) {

        /**
         * The master scale: grades with a name and an inclusive upper PD bound, strictly
         * ascending, the last at 1 so that every probability has a grade. Checked as it is read,
         * so that a mistake is reported with its line.
         */
        record GradesFile(List<ModelDefinition.Grade> grades) {

            private static final Pattern GRADE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,19}");

            @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
            static GradesFile of(List<GradeFile> grades) {
                if (grades == null || grades.isEmpty()) {
                    throw new IllegalArgumentException("grades: give at least one grade, or leave grades out for"
                            + " the reference deciles");
                }
                Set<String> names = new HashSet<>();
                double previous = 0;
                List<ModelDefinition.Grade> checked = new ArrayList<>();
                for (GradeFile grade : grades) {
                    if (grade == null || grade.name() == null || grade.maxPd() == null) {
                        throw new IllegalArgumentException("grades: each grade takes name and max-pd");
                    }
                    if (!GRADE_NAME.matcher(grade.name()).matches()) {
                        throw new IllegalArgumentException("grades: name '" + grade.name() + "' must match "
                                + GRADE_NAME.pattern());
                    }
                    if (!names.add(grade.name())) {
                        throw new IllegalArgumentException("grades: name '" + grade.name() + "' is given twice");
                    }
                    double max = grade.maxPd();
                    if (!(max > previous && max <= 1)) {
                        throw new IllegalArgumentException("grades: max-pd of " + grade.name() + " must lie in ("
                                + previous + ", 1] (the bounds ascend), was " + max);
                    }
                    previous = max;
                    checked.add(new ModelDefinition.Grade(grade.name(), max));
                }
                if (previous != 1) {
                    throw new IllegalArgumentException("grades: the last grade's max-pd must be 1, so that every"
                            + " probability has a grade; was " + previous);
                }
                return new GradesFile(List.copyOf(checked));
            }
        }

        record GradeFile(String name, Double maxPd) {
        }

        /** An ISO-8601 period of whole months or days, at least one day and at most ten years. */
        record PerformanceWindowFile(Period period) {

            @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
            static PerformanceWindowFile of(String text) {
                Period period;
                try {
                    period = Period.parse(text == null ? "" : text.trim());
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("performance-window must be an ISO-8601 period such as P12M"
                            + " or P365D, was '" + text + "'");
                }
                long days = period.toTotalMonths() * 31 + period.getDays();
                if (period.isNegative() || days < 1 || period.toTotalMonths() > 120 || period.getDays() > 3660) {
                    throw new IllegalArgumentException("performance-window must lie between P1D and P10Y, was "
                            + text);
                }
                return new PerformanceWindowFile(period);
            }

            @JsonValue
            String text() {
                return period.toString();
            }
        }

        /** The AUC at the initial validation, in [0, 1]. */
        record InitialAucFile(double value) {

            @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
            static InitialAucFile of(double value) {
                if (!(value >= 0 && value <= 1)) {
                    throw new IllegalArgumentException("initial-auc must lie in [0, 1], was " + value);
                }
                return new InitialAucFile(value);
            }
        }

        /**
         * One declared segment; checked as it is read, so that a mistake is reported with its
         * line in the file.
         */
        record SegmentFile(String feature, String tag, Integer maxValues) {

            SegmentFile {
                if ((feature == null) == (tag == null)) {
                    throw new IllegalArgumentException("a segment takes exactly one of feature: NAME and tag: NAME");
                }
                String name = feature != null ? feature : tag;
                if (name.isBlank() || name.length() > 200) {
                    throw new IllegalArgumentException("a segment's feature or tag name must be 1 to 200 characters");
                }
                if (maxValues != null && (maxValues < 1 || maxValues > 1000)) {
                    throw new IllegalArgumentException("max-values must lie in [1, 1000], was " + maxValues);
                }
            }

            SegmentDeclaration toDeclaration(String key, int defaultMaxValues) {
                return new SegmentDeclaration(key,
                        feature != null ? SegmentDeclaration.Source.FEATURE : SegmentDeclaration.Source.TAG,
                        feature != null ? feature : tag, maxValues != null ? maxValues : defaultMaxValues);
            }
        }

        record CostsFile(Double falseNegative, Double falsePositive) {
        }

        record ReferenceFile(String targetColumn, String probabilityColumn) {
        }
    }
}
