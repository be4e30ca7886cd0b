package io.scorewatch.model;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A schema change that contradicts the schema as it is: a 409 problem. */
class FeatureConflictException extends ErrorResponseException {

    FeatureConflictException(String detail) {
        super(HttpStatus.CONFLICT, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle("Feature conflict");
        problem.setType(URI.create("urn:scorewatch:problem:feature-conflict"));
        return problem;
    }
}
