package io.scorewatch.config;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Something the request names does not exist: a 404 problem with a title, a detail and a type. */
public class ResourceNotFoundException extends ErrorResponseException {

    /**
     * @param title  short and fixed, e.g. "Drift run not found"
     * @param detail what was asked for
     * @param type   the problem type's last part, e.g. "drift-run-not-found"
     */
    public ResourceNotFoundException(String title, String detail, String type) {
        super(HttpStatus.NOT_FOUND, problem(title, detail, type), null);
    }

    private static ProblemDetail problem(String title, String detail, String type) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setTitle(title);
        problem.setType(URI.create("urn:scorewatch:problem:" + type));
        return problem;
    }
}
