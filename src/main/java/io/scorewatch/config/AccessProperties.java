package io.scorewatch.config;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may do what ({@code scorewatch.security.*}).
 *
 * @param keys          the API keys of each role
 * @param anonymousRead let anyone read (the API's GETs, the page, the reports) without a key
 */
@ConfigurationProperties("scorewatch.security")
record AccessProperties(@DefaultValue Keys keys, @DefaultValue("false") boolean anonymousRead) {

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
