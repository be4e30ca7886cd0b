package io.scorewatch.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with a request.
 *
 * @param field   the field, a JSON path within the item such as {@code probability} or {@code features.age}
 * @param index   the item's index in a batch (from 0), absent for a single item
 * @param message what is wrong with it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldProblem(String field, Integer index, String message) {

    public static FieldProblem of(String field, String message) {
        return new FieldProblem(field, null, message);
    }

    /** The same problem, placed at an item of a batch. */
    public FieldProblem at(int itemIndex) {
        return new FieldProblem(field, itemIndex, message);
    }
}
