package io.scorewatch.summary;

import org.springframework.stereotype.Component;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;

/** The {@code model_version} a read asks for: checked against the versions the model has predictions of. */
@Component
public class VersionParameter {

    /** As long as a stored {@code model_version} may be. */
    private static final int MAX_LENGTH = 100;

    private final Summaries summaries;

    VersionParameter(Summaries summaries) {
        this.summaries = summaries;
    }

    /**
     * The version a request names in {@code field}; null when it names none (every version). A
     * blank value, one longer than a stored version may be, one with control characters, or a
     * version the model has no prediction of is a 400 naming the field.
     */
    public String parse(String model, String text, String field) {
        if (text == null) {
            return null;
        }
        if (text.isBlank() || text.length() > MAX_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException(FieldProblem.of(field, "must be 1 to " + MAX_LENGTH
                    + " printable characters"));
        }
        if (!summaries.hasVersion(model, text)) {
            throw new InvalidRequestException(FieldProblem.of(field, "model " + model + " has no prediction of version '"
                    + text + "'"));
        }
        return text;
    }
}
