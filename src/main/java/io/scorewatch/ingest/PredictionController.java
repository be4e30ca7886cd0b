package io.scorewatch.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.config.BodyTooLargeException;
import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.config.PayloadTooLargeException;
import io.scorewatch.model.FeatureSchema;
import io.scorewatch.model.FeatureSchemas;
import io.scorewatch.model.FeatureType;
import io.scorewatch.model.SchemaFeature;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** Prediction intake: one, a JSON array, or NDJSON (one log entry of the monitoring guide a line). */
@RestController
@RequestMapping("/api/v1/predictions")
@Tag(name = "Predictions", description = "What the model API posts for every prediction")
class PredictionController {

    static final String NDJSON = "application/x-ndjson";

    private final PredictionIntake intake;
    private final PredictionStore store;
    private final FeatureSchemas schemas;
    private final IngestProperties limits;
    private final ObjectReader lineReader;
    private final ObjectReader itemReader;

    PredictionController(PredictionIntake intake, PredictionStore store, FeatureSchemas schemas,
            IngestProperties limits, JsonMapper json) {
        this.intake = intake;
        this.store = store;
        this.schemas = schemas;
        this.limits = limits;
        this.lineReader = json.readerFor(PredictionRequest.class);
        this.itemReader = JsonArrays.itemReader(json, PredictionRequest.class);
    }

    /** Answer to a single prediction. */
    record PredictionAccepted(String predictionId, boolean duplicate, List<String> newFeatures) {
    }

    /** Answer to a batch: every item's id in order, how many were new and how many seen before. */
    record BatchAccepted(int accepted, int duplicates, List<String> predictionIds, List<String> newFeatures) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Post one prediction", description = "Answers 202 once the prediction is stored.")
    ResponseEntity<PredictionAccepted> postOne(@RequestBody PredictionRequest request) {
        PredictionIntake.Accepted accepted = intake.acceptOne(request);
        String id = accepted.predictionIds().get(0);
        return ResponseEntity.accepted().location(URI.create("/api/v1/predictions/" + id))
                .body(new PredictionAccepted(id, accepted.duplicates() > 0, accepted.newFeatures()));
    }

    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Post a batch as a JSON array",
            description = "All or nothing: one invalid item rejects the batch, and the problem names its index.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            array = @ArraySchema(schema = @Schema(implementation = PredictionRequest.class))))
    ResponseEntity<BatchAccepted> postBatch(InputStream body) {
        return batchAnswer(intake.acceptBatch(JsonArrays.read(itemReader, body, limits.maxBatchItems())));
    }


    @PostMapping(path = "/batch", consumes = NDJSON)
    @Operation(summary = "Post a batch as NDJSON: one prediction (e.g. a log entry of the monitoring guide) a line")
    ResponseEntity<BatchAccepted> postNdjson(InputStream body) throws IOException {
        List<PredictionRequest> requests = new ArrayList<>();
        List<FieldProblem> problems = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (requests.size() == limits.maxBatchItems()) {
                    throw new PayloadTooLargeException("The batch has more than " + limits.maxBatchItems()
                            + " items (scorewatch.ingest.max-batch-items).");
                }
                int index = requests.size();
                try {
                    requests.add(lineReader.readValue(line));
                } catch (JacksonException e) {
                    requests.add(null);
                    FieldProblem problem = InvalidRequestException.unreadableBody(e).problems().get(0);
                    problems.add(new FieldProblem(problem.field(), index, problem.message()));
                }
            }
        } catch (BodyTooLargeException e) {
            throw new PayloadTooLargeException(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The batch has unreadable lines; nothing was stored.", problems);
        }
        return batchAnswer(intake.acceptBatch(requests));
    }

    @GetMapping("/{predictionId}")
    @Operation(summary = "One stored prediction, as accepted (client id excepted: it is kept only as a hash);"
            + " of the given model, or the latest of any model with this id")
    PredictionResponse get(@PathVariable String predictionId, @RequestParam(required = false) String model) {
        StoredPrediction stored = store.find(model, predictionId)
                .orElseThrow(() -> new PredictionNotFoundException(predictionId));
        return PredictionResponse.of(stored, decode(stored));
    }

    private ResponseEntity<BatchAccepted> batchAnswer(PredictionIntake.Accepted accepted) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new BatchAccepted(accepted.accepted(),
                accepted.duplicates(), accepted.predictionIds(), accepted.newFeatures()));
    }

    private Map<String, Object> decode(StoredPrediction stored) {
        FeatureSchema schema = schemas.schema(stored.model());
        double[] vector = FeatureVectors.decode(stored.features());
        Map<String, Object> features = new LinkedHashMap<>();
        for (SchemaFeature feature : schema.features()) {
            if (feature.position() >= vector.length) {
                break;
            }
            double value = vector[feature.position()];
            if (Double.isNaN(value)) {
                features.put(feature.name(), null);
            } else if (feature.type() == FeatureType.CATEGORICAL) {
                features.put(feature.name(), schemas.category(stored.model(), feature.position(), (int) value));
            } else {
                features.put(feature.name(), value);
            }
        }
        return features;
    }

    /** A stored prediction; features in schema order, a missing or unusable value as null. */
    record PredictionResponse(String predictionId, String model, String modelVersion, Instant timestamp,
            Instant receivedAt, int prediction, double probability, Double latencyMs, Map<String, Object> features,
            int dataQualityViolations, Integer actualDefault, Integer daysToDefault, Instant labeledAt,
            Integer finalDecision, String overrideReason, String shadowOf) {

        static PredictionResponse of(StoredPrediction p, Map<String, Object> features) {
            return new PredictionResponse(p.predictionId(), p.model(), p.modelVersion(), p.predictedAt(),
                    p.receivedAt(), p.prediction(), p.probability(), p.latencyMs(), features, p.qualityViolations(),
                    p.actualDefault(), p.daysToDefault(), p.labeledAt(), p.finalDecision(), p.overrideReason(),
                    p.shadowOf());
        }
    }
}
