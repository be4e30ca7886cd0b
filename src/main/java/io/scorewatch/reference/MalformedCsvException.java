package io.scorewatch.reference;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import io.scorewatch.config.FieldProblem;

/**
 * A reference CSV that cannot be used: a 400 problem naming the line (and, for a cell, the
 * column by name and 1-based position, with the per-field list); the previous reference stays.
 */
class MalformedCsvException extends ErrorResponseException {

    MalformedCsvException(long line, String detail) {
        super(HttpStatus.BAD_REQUEST, problem(line, detail), null);
    }

    MalformedCsvException(long line, String column, int position, String detail) {
        super(HttpStatus.BAD_REQUEST, problem(line, column, position, detail), null);
    }

    private static ProblemDetail problem(long line, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                (line > 0 ? "Line " + line + ": " : "") + detail + ". The previous reference stays in force.");
        problem.setTitle("Malformed reference CSV");
        problem.setType(URI.create("urn:scorewatch:problem:malformed-csv"));
        if (line > 0) {
            problem.setProperty("line", line);
        }
        return problem;
    }

    private static ProblemDetail problem(long line, String column, int position, String detail) {
        ProblemDetail problem = problem(line, "column '" + column + "' (" + position + "): " + detail);
        problem.setProperty("column", column);
        problem.setProperty("column_index", position);
        problem.setProperty("errors", List.of(FieldProblem.of(column, "line " + line + ": " + detail)));
        return problem;
    }
}
