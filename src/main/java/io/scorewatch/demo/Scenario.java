package io.scorewatch.demo;

import java.util.Locale;

/**
 * What production looks like compared with the reference population. Each scenario has an
 * intensity in [0, 1]: 0 is the reference itself, 1 the full effect.
 */
public enum Scenario {

    /** Production as in the reference. */
    STABLE(false),
    /** Incomes and credit amounts inflate and a bureau score declines, slowly over time. */
    GRADUAL_DRIFT(true),
    /** A new customer segment (young, thin-file, revolving credit) arrives at once. */
    SUDDEN_DRIFT(false),
    /** The same applicants default more often and the features explain it less well. */
    CONCEPT_DRIFT(false),
    /** The model API answers several times more slowly. */
    LATENCY_SPIKE(false),
    /** The model API fails a large share of requests. */
    ERROR_BURST(false);

    private final boolean gradual;

    Scenario(boolean gradual) {
        this.gradual = gradual;
    }

    /** Whether the effect grows over time (else it is at full strength from its start). */
    public boolean gradual() {
        return gradual;
    }

    /** The configuration name, e.g. {@code sudden-drift}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
