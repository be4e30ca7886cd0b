package io.scorewatch.retraining;

import java.net.URI;
import java.time.Duration;

/** Start-up checks of the retraining and rollback settings; a bad value stops start-up naming the key. */
final class Checks {

    private Checks() {
    }

    static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }

    static void notNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative, was " + value);
        }
    }

    /** A webhook URL is absent (null or blank) or an absolute http(s) URL with a host. */
    static URI webhook(String key, URI url) {
        if (url == null || url.toString().isBlank()) {
            return null;
        }
        boolean http = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
        if (!http || url.getHost() == null) {
            throw new IllegalArgumentException(key + " must be an http or https URL, was " + url);
        }
        return url;
    }
}
