package io.scorewatch.config;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request body or batch beyond the configured limits: answered 413. */
public class PayloadTooLargeException extends ErrorResponseException {

    public PayloadTooLargeException(String detail) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, detail);
        problem.setTitle("Payload too large");
        problem.setType(URI.create("urn:scorewatch:problem:payload-too-large"));
        return problem;
    }
}
