package io.scorewatch.ingest;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No prediction is stored under that id: a 404 problem. */
class PredictionNotFoundException extends ErrorResponseException {

    PredictionNotFoundException(String predictionId) {
        super(HttpStatus.NOT_FOUND, problem(predictionId), null);
    }

    private static ProblemDetail problem(String predictionId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No prediction is stored under this id.");
        problem.setTitle("Prediction not found");
        problem.setType(URI.create("urn:scorewatch:problem:prediction-not-found"));
        problem.setProperty("prediction_id", predictionId);
        return problem;
    }
}
