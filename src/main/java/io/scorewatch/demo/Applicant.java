package io.scorewatch.demo;

import java.util.Map;

/**
 * One synthetic credit application as the model API sees it, with what the model said and
 * what happened later.
 *
 * @param features      feature name to value: a {@code Double}, a {@code String} or {@code null}
 *                      (missing), in the generator's column order
 * @param probability   the fixed scoring model's probability of default
 * @param defaulted     the real outcome: 1 when the client defaulted, else 0
 * @param daysToDefault days from the application to the default (0 when the client did not default)
 */
public record Applicant(Map<String, Object> features, double probability, int defaulted, int daysToDefault) {
}
