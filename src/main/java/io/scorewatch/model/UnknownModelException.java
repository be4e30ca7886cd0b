package io.scorewatch.model;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request names a model that is not configured. Answered as a 404 problem. */
public class UnknownModelException extends ErrorResponseException {

    public UnknownModelException(String model) {
        super(HttpStatus.NOT_FOUND, problem(model), null);
    }

    private static ProblemDetail problem(String model) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No model named '" + model + "' is configured.");
        problem.setTitle("Unknown model");
        problem.setType(URI.create("urn:scorewatch:problem:unknown-model"));
        problem.setProperty("model", model);
        return problem;
    }
}
