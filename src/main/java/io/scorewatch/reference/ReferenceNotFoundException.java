package io.scorewatch.reference;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A model without a reference dataset where one is needed: 409 (upload one first). */
public class ReferenceNotFoundException extends ErrorResponseException {

    public ReferenceNotFoundException(String model) {
        super(HttpStatus.CONFLICT, problem(model), null);
    }

    private static ProblemDetail problem(String model) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Model '" + model
                + "' has no reference dataset: upload one with PUT /api/v1/models/" + model + "/reference.");
        problem.setTitle("No reference dataset");
        problem.setType(URI.create("urn:scorewatch:problem:no-reference"));
        problem.setProperty("model", model);
        return problem;
    }
}
