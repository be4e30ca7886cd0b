package io.scorewatch.config;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may do what ({@code scorewatch.security.*}).
 *
 * @param keys          the API keys of each role
 * @param anonymousRead let anyone read (the API's GETs, the page, the reports) without a key
 * @param trustedOrigins other origins (scheme://host[:port]) whose pages may send state-changing
 *                      requests from a browser; the service's own origin always may
 * @param contentSecurityPolicy the Content-Security-Policy of the dashboard page and the API's
 *                      answers (a report carries its own, with the hashes of its inline scripts)
 */
@ConfigurationProperties("scorewatch.security")
record AccessProperties(@DefaultValue Keys keys, @DefaultValue("false") boolean anonymousRead,
        @DefaultValue List<String> trustedOrigins,
        @DefaultValue("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
                + " frame-ancestors 'none'") String contentSecurityPolicy) {

    /**
     * Keys per role (lists; env {@code SCOREWATCH_SECURITY_KEYS_INGEST=k1,k2}). A role without a
     * key gets a random one at start, logged once.
     *
     * @param ingest the model API: post predictions, ground truth, request errors
     * @param viewer read the API, the page and the reports
     * @param admin  everything
     */
    record Keys(@DefaultValue List<String> ingest, @DefaultValue List<String> viewer,
            @DefaultValue List<String> admin) {
    }
}
