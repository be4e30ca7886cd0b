package io.scorewatch.reference;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A reference CSV that cannot be used: a 400 problem naming the line; the previous reference stays. */
class MalformedCsvException extends ErrorResponseException {

    MalformedCsvException(long line, String detail) {
        super(HttpStatus.BAD_REQUEST, problem(line, detail), null);
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
}
