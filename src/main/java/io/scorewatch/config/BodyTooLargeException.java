package io.scorewatch.config;

import java.io.IOException;

/** Thrown while reading a body that turns out larger than the limit (no Content-Length given). */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes.");
    }
}
