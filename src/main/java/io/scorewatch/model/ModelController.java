package io.scorewatch.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The model registry and each model's feature schema; admins accept a name production sent as a
 * feature, or remove a feature.
 */
@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Configured models and their feature schemas")
class ModelController {

    private static final int MAX_NAME_LENGTH = 200;

    private final ModelRegistry registry;
    private final FeatureSchemas schemas;
    private final ReferenceLookup references;

    ModelController(ModelRegistry registry, FeatureSchemas schemas, ReferenceLookup references) {
        this.registry = registry;
        this.schemas = schemas;
        this.references = references;
    }

    @GetMapping
    @Operation(summary = "All configured models")
    List<ModelResponse> all() {
        return registry.all().stream().map(this::describe).toList();
    }

    @GetMapping("/{model}")
    @Operation(summary = "One model: configuration, feature schema, data-quality counters, active reference")
    ModelResponse one(@PathVariable String model) {
        return describe(registry.get(model));
    }

    @GetMapping("/{model}/unknown-features")
    @Operation(summary = "Feature names production sent that the schema lacks: a count and the most frequent names")
    UnknownFeaturesResponse unknownFeatures(@PathVariable String model) {
        FeatureSchemas.UnknownFeatures unknown = schemas.unknownFeatures(registry.get(model).name());
        return new UnknownFeaturesResponse(model, unknown.occurrences(), unknown.predictions(),
                unknown.sample().stream().map(u -> new UnknownFeaturesResponse.Name(u.name(), u.occurrences(),
                        u.overestimate(), u.firstSeenAt(), u.lastSeenAt())).toList());
    }

    @PostMapping("/{model}/features")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Accept a name as a feature of the model (admin)")
    FeatureResponse accept(@PathVariable String model, @RequestBody(required = false) NewFeatureRequest request) {
        String name = registry.get(model).name();
        List<FieldProblem> problems = new ArrayList<>();
        if (request == null) {
            throw new InvalidRequestException(FieldProblem.of("$", "must be a JSON object with name and type"));
        }
        if (request.name() == null || request.name().isBlank()) {
            problems.add(FieldProblem.of("name", "is required"));
        } else if (request.name().length() > MAX_NAME_LENGTH || hasControlCharacter(request.name())) {
            problems.add(FieldProblem.of("name", "must be 1 to " + MAX_NAME_LENGTH + " printable characters"));
        }
        FeatureType type = null;
        if (request.type() == null) {
            problems.add(FieldProblem.of("type", "is required: numerical or categorical"));
        } else {
            try {
                type = FeatureType.valueOf(request.type().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException notAType) {
                problems.add(FieldProblem.of("type", "must be numerical or categorical"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The feature is invalid; the schema is unchanged.", problems);
        }
        return FeatureResponse.of(schemas.accept(name, request.name(), type));
    }

    @DeleteMapping("/{model}/features/{feature}")
    @Operation(summary = "Stop monitoring a feature; its position stays reserved in stored vectors (admin)")
    FeatureResponse remove(@PathVariable String model, @PathVariable String feature) {
        return FeatureResponse.of(schemas.remove(registry.get(model).name(), feature));
    }

    private ModelResponse describe(ModelDefinition model) {
        FeatureSchema schema = schemas.schema(model.name());
        Map<String, Map<String, Long>> violations = schemas.violations(model.name());
        List<ModelResponse.Feature> features = schema.features().stream()
                .map(f -> new ModelResponse.Feature(f.name(), f.position(), f.type().name().toLowerCase(),
                        f.source().name().toLowerCase(), violations.getOrDefault(f.name(), Map.of()),
                        f.type() == FeatureType.CATEGORICAL ? schemas.categoryCount(model.name(), f.position())
                                : null,
                        f.type() == FeatureType.CATEGORICAL ? violations.getOrDefault(f.name(), Map.of())
                                .getOrDefault(FeatureSchemas.OTHER_KIND, 0L) : null))
                .toList();
        List<String> removed = schema.removedFeatures().stream().map(SchemaFeature::name).toList();
        FeatureSchemas.UnknownFeatures unknown = schemas.unknownFeatures(model.name());
        return new ModelResponse(model.name(), model.description(),
                model.name().equals(registry.defaultModel().name()), model.decisionThreshold(),
                model.expectedPositiveRate(), model.highRiskProbability(),
                new ModelResponse.Costs(model.costs().falseNegative(), model.costs().falsePositive()),
                new ModelResponse.ReferenceColumns(model.reference().targetColumn(),
                        model.reference().probabilityColumn()),
                features, removed, new ModelResponse.Unknown(unknown.occurrences(), unknown.predictions(),
                        unknown.sample().size()),
                references.reference(model.name()).orElse(null));
    }

    private static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }

    /** A model as the API shows it. */
    record ModelResponse(String name, String description, boolean defaultModel, double decisionThreshold,
            double expectedPositiveRate, double highRiskProbability, Costs costs, ReferenceColumns referenceColumns,
            List<Feature> features, List<String> removedFeatures, Unknown unknownFeatures,
            ReferenceLookup.ReferenceInfo reference) {

        record Costs(double falseNegative, double falsePositive) {
        }

        record ReferenceColumns(String target, String probability) {
        }

        /**
         * A monitored feature with its data-quality violation counts by kind; a categorical one
         * with the size of its dictionary and how many values fell beyond its bound (the
         * {@code (other)} bucket).
         */
        record Feature(String name, int position, String type, String source, Map<String, Long> violations,
                Integer categories, Long otherCategory) {
        }

        /** Names production sent that the schema lacks: values, predictions, and names sampled. */
        record Unknown(long occurrences, long predictions, int sampledNames) {
        }
    }

    /** The feature an admin accepts. */
    record NewFeatureRequest(String name, String type) {
    }

    /** A feature of the schema, as accepted or removed. */
    record FeatureResponse(String name, int position, String type, String source) {

        static FeatureResponse of(SchemaFeature feature) {
            return new FeatureResponse(feature.name(), feature.position(), feature.type().name().toLowerCase(),
                    feature.source().name().toLowerCase());
        }
    }

    /** The unknown names of a model. */
    record UnknownFeaturesResponse(String model, long occurrences, long predictions, List<Name> sample) {

        /** A sampled name: occurrences is an upper bound, occurrences - overestimate a lower one. */
        record Name(String name, long occurrences, long overestimate, Instant firstSeenAt, Instant lastSeenAt) {
        }
    }
}
