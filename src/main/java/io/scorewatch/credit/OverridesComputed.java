package io.scorewatch.credit;

/**
 * Published when a model's overrides over the default metrics window have been counted (on the
 * real-time schedule), for alerting.
 *
 * @param model        the model
 * @param overrideRate overridden decisions / predictions with a final decision; null without any
 */
public record OverridesComputed(String model, Double overrideRate) {
}
