package io.scorewatch.ingest;

import java.io.InputStream;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** Ground truth intake: the real outcome, weeks or months after the prediction. */
@RestController
@RequestMapping("/api/v1/ground-truth")
@Tag(name = "Ground truth", description = "Real outcomes, joined to their predictions")
class GroundTruthController {

    private final GroundTruthIntake intake;
    private final IngestProperties limits;
    private final ObjectReader itemReader;

    GroundTruthController(GroundTruthIntake intake, IngestProperties limits, JsonMapper json) {
        this.intake = intake;
        this.limits = limits;
        this.itemReader = JsonArrays.itemReader(json, GroundTruthRequest.class);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Post one outcome", description = "Answers 202 once stored; joined tells whether its"
            + " prediction was found (else the label waits for it).")
    ResponseEntity<GroundTruthIntake.LabelAccepted> postOne(@RequestBody GroundTruthRequest request) {
        return ResponseEntity.accepted().body(intake.accept(List.of(request), false).labels().get(0));
    }

    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Post outcomes as a JSON array (all or nothing)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            array = @ArraySchema(schema = @Schema(implementation = GroundTruthRequest.class))))
    ResponseEntity<GroundTruthIntake.Accepted> postBatch(InputStream body) {
        List<GroundTruthRequest> requests = JsonArrays.read(itemReader, body, limits.maxBatchItems());
        return ResponseEntity.accepted().body(intake.accept(requests, true));
    }
}
