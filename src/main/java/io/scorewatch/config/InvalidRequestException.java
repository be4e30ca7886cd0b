package io.scorewatch.config;

import java.net.URI;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request that cannot be accepted as it is: answered 400 with the list of field problems. */
public class InvalidRequestException extends ErrorResponseException {

    private final List<FieldProblem> problems;

    public InvalidRequestException(String detail, List<FieldProblem> problems) {
        super(HttpStatus.BAD_REQUEST, problem(detail, problems), null);
        this.problems = List.copyOf(problems);
    }

    public InvalidRequestException(FieldProblem problem) {
        this("The request has an invalid field.", List.of(problem));
    }

    /** The {@code limit} query parameter of a list, checked to lie in [1, max]. */
    public static int requireLimit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new InvalidRequestException(FieldProblem.of("limit", "must be 1 to " + max));
        }
        return limit;
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    private static ProblemDetail problem(String detail, List<FieldProblem> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        problem.setType(URI.create("urn:scorewatch:problem:invalid-request"));
        problem.setProperty("errors", List.copyOf(problems));
        return problem;
    }

    /** Turns a body Jackson could not read into field problems: the JSON path and what was expected. */
    public static InvalidRequestException unreadableBody(Throwable ex) {
        JacksonException jackson = causeOf(ex, JacksonException.class);
        if (jackson == null) {
            return new InvalidRequestException("The request body is missing or unreadable.",
                    List.of(FieldProblem.of("$", "a JSON body is required")));
        }
        String message;
        if (jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "expected " + describe(mismatch.getTargetType());
        } else if (jackson instanceof StreamReadException) {
            message = "malformed JSON: " + firstLine(jackson.getOriginalMessage());
        } else {
            message = firstLine(jackson.getOriginalMessage());
        }
        Integer index = null;
        StringBuilder field = new StringBuilder();
        List<JacksonException.Reference> path = jackson.getPath();
        for (int i = 0; i < path.size(); i++) {
            JacksonException.Reference ref = path.get(i);
            if (i == 0 && ref.getIndex() >= 0) {
                index = ref.getIndex();
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getPropertyName());
            }
        }
        String name = field.isEmpty() ? "$" : field.toString();
        return new InvalidRequestException("The request body could not be read.",
                List.of(new FieldProblem(name, index, message)));
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "a value of type " + type.getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Jackson appends where it was in the source, which it does not show: drop that part
        return line.replaceAll("\\s*\\((start marker at )?\\[Source:.*$", "").strip();
    }

    static <T extends Throwable> T causeOf(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
