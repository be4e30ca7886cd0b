package io.scorewatch.reference;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The reference (training) dataset of a model, uploaded as CSV. */
@RestController
@RequestMapping("/api/v1/models/{model}/reference")
@Tag(name = "Reference datasets", description = "Training data that production is compared with")
class ReferenceController {

    private final References references;

    ReferenceController(References references) {
        this.references = references;
    }

    @PutMapping(consumes = {"text/csv", "application/csv", "text/plain", "application/octet-stream"})
    @Operation(summary = "Replace the model's reference dataset with a CSV",
            description = "Header row; the feature columns plus the model's target (0/1) and probability columns;"
                    + " empty cells (and pandas' other NA spellings) are missing values. Streamed. A malformed CSV"
                    + " is answered 400 naming the line, and the previous reference stays.")
    ReferenceSummary put(@PathVariable String model, InputStream csv) throws IOException {
        return references.upload(model, csv);
    }

    @GetMapping
    @Operation(summary = "Summary of the model's active reference dataset")
    ReferenceSummary get(@PathVariable String model) {
        return references.summary(model).orElseThrow(() -> new ReferenceNotFoundException(model));
    }
}
