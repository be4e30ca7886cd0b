package io.scorewatch.ingest;

import java.time.Instant;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The model API reports its failed requests here; they feed the error rate. */
@RestController
@RequestMapping("/api/v1/request-errors")
@Tag(name = "Request errors", description = "Failed requests of the model API")
class RequestErrorController {

    private final RequestErrorIntake intake;

    RequestErrorController(RequestErrorIntake intake) {
        this.intake = intake;
    }

    record RequestErrorAccepted(long id, String model, String errorType, Integer status, Instant timestamp) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Report a failed request")
    ResponseEntity<RequestErrorAccepted> post(@RequestBody RequestErrorRequest request) {
        RequestError saved = intake.accept(request);
        return ResponseEntity.accepted().body(new RequestErrorAccepted(saved.id(), saved.model(), saved.errorType(),
                saved.status(), saved.occurredAt()));
    }
}
