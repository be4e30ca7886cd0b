package io.scorewatch.model;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Read access to the model registry and each model's feature schema. */
@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Configured models and their feature schemas")
class ModelController {

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

    private ModelResponse describe(ModelDefinition model) {
        FeatureSchema schema = schemas.schema(model.name());
        Map<String, Map<String, Long>> violations = schemas.violations(model.name());
        List<ModelResponse.Feature> features = schema.features().stream()
                .map(f -> new ModelResponse.Feature(f.name(), f.position(), f.type().name().toLowerCase(),
                        f.source().name().toLowerCase(), violations.getOrDefault(f.name(), Map.of())))
                .toList();
        return new ModelResponse(model.name(), model.description(),
                model.name().equals(registry.defaultModel().name()), model.decisionThreshold(),
                model.expectedPositiveRate(), model.highRiskProbability(),
                new ModelResponse.Costs(model.costs().falseNegative(), model.costs().falsePositive()),
                new ModelResponse.ReferenceColumns(model.reference().targetColumn(),
                        model.reference().probabilityColumn()),
                features, references.reference(model.name()).orElse(null));
    }

    /** A model as the API shows it. */
    record ModelResponse(String name, String description, boolean defaultModel, double decisionThreshold,
            double expectedPositiveRate, double highRiskProbability, Costs costs, ReferenceColumns referenceColumns,
            List<Feature> features, ReferenceLookup.ReferenceInfo reference) {

        record Costs(double falseNegative, double falsePositive) {
        }

        record ReferenceColumns(String target, String probability) {
        }

        /** A schema feature with its data-quality violation counts by kind. */
        record Feature(String name, int position, String type, String source, Map<String, Long> violations) {
        }
    }
}
