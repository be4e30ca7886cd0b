package io.scorewatch.performance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A model's metrics over a window as the API answers them: of one segment value
 * ({@code KEY:VALUE}), or of the total when {@code segment} is null.
 */
record SegmentMetrics(@JsonInclude(JsonInclude.Include.ALWAYS) String segment,
        @JsonUnwrapped ModelMetrics metrics) {
}
