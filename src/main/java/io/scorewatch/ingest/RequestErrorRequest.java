package io.scorewatch.ingest;

import io.swagger.v3.oas.annotations.media.Schema;

/** The model API reports a request it failed to answer. */
@Schema(description = "A failed request of the model API")
record RequestErrorRequest(
        @Schema(description = "Kind of failure, e.g. validation, prediction, timeout", example = "validation",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String errorType,
        @Schema(description = "HTTP status the model API answered (4xx or 5xx)", example = "422")
        Integer status,
        @Schema(description = "ISO-8601; default now", example = "2025-12-08T10:30:00")
        String timestamp,
        @Schema(description = "Model name; default model when absent", example = "credit-scoring")
        String model) {
}
