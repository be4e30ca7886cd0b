package io.scorewatch.config;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;


/**
 * Every error as an RFC 9457 {@code application/problem+json} answer. Client mistakes get a
 * 4xx that names the field; only a fault of the service itself is a 500.
 */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = InvalidRequestException.causeOf(ex, BodyTooLargeException.class);
        if (tooLarge != null) {
            PayloadTooLargeException problem = new PayloadTooLargeException(tooLarge.getMessage());
            return handleExceptionInternal(problem, problem.getBody(), headers, problem.getStatusCode(), request);
        }
        InvalidRequestException invalid = InvalidRequestException.unreadableBody(ex);
        return handleExceptionInternal(invalid, invalid.getBody(), headers, invalid.getStatusCode(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        log.error("Unexpected error on {}", request.getDescription(false), ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The service failed to handle the request; nothing was stored from it.");
        problem.setTitle("Internal error");
        problem.setType(URI.create("urn:scorewatch:problem:internal"));
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }
}
