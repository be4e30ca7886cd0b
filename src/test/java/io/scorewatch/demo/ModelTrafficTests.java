package io.scorewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The model API's traffic: each scenario changes what it should, and only at its intensity. */
class ModelTrafficTests {

    private static final int CALLS = 10_000;

    private static List<ModelCall> calls(Scenario scenario, double intensity) {
        ModelTraffic traffic = new ModelTraffic(11);
        List<ModelCall> calls = new ArrayList<>(CALLS);
        for (int i = 0; i < CALLS; i++) {
            calls.add(traffic.next(scenario, intensity));
        }
        return calls;
    }

    private static double p95Latency(List<ModelCall> calls) {
        double[] latencies = calls.stream().mapToDouble(ModelCall::latencyMs).sorted().toArray();
        return latencies[(int) (0.95 * latencies.length)];
    }

    private static double errorShare(List<ModelCall> calls) {
        return calls.stream().filter(ModelCall::failed).count() / (double) calls.size();
    }

    private static double median(List<ModelCall> calls, String feature) {
        double[] values = calls.stream().map(c -> c.applicant().features().get(feature))
                .filter(v -> v != null).mapToDouble(v -> (Double) v).toArray();
        Arrays.sort(values);
        return values[values.length / 2];
    }

    private static double share(List<ModelCall> calls, String feature, String level) {
        return calls.stream().filter(c -> level.equals(c.applicant().features().get(feature))).count()
                / (double) calls.size();
    }

    @Test
    void stableTrafficIsFastAndRarelyFails() {
        List<ModelCall> stable = calls(Scenario.STABLE, 1);

        assertThat(p95Latency(stable)).isBetween(30.0, 45.0);
        assertThat(errorShare(stable)).isCloseTo(0.005, within(0.003));
        assertThat(stable).filteredOn(ModelCall::failed).allMatch(c -> c.status() >= 400 && c.status() < 600);
    }

    @Test
    void aLatencySpikeSlowsEveryCall() {
        assertThat(p95Latency(calls(Scenario.LATENCY_SPIKE, 1))).isGreaterThan(5 * p95Latency(calls(Scenario.STABLE, 1)));
        assertThat(p95Latency(calls(Scenario.LATENCY_SPIKE, 0))).isEqualTo(p95Latency(calls(Scenario.STABLE, 1)));
    }

    @Test
    void anErrorBurstFailsAboutOneCallInSix() {
        assertThat(errorShare(calls(Scenario.ERROR_BURST, 1))).isCloseTo(0.155, within(0.015));
        assertThat(errorShare(calls(Scenario.ERROR_BURST, 0.5))).isCloseTo(0.08, within(0.015));
    }

    @Test
    void gradualDriftInflatesAmountsInProportionToItsIntensity() {
        double income = median(calls(Scenario.STABLE, 1), "AMT_INCOME_TOTAL");

        assertThat(median(calls(Scenario.GRADUAL_DRIFT, 1), "AMT_INCOME_TOTAL") / income).isCloseTo(1.25, within(0.03));
        assertThat(median(calls(Scenario.GRADUAL_DRIFT, 0.5), "AMT_INCOME_TOTAL") / income).isCloseTo(1.125, within(0.03));
        assertThat(median(calls(Scenario.GRADUAL_DRIFT, 1), "AMT_CREDIT"))
                .isGreaterThan(1.3 * median(calls(Scenario.STABLE, 1), "AMT_CREDIT"));
        // the rest of the application stays as it was
        assertThat(median(calls(Scenario.GRADUAL_DRIFT, 1), "DAYS_BIRTH"))
                .isCloseTo(median(calls(Scenario.STABLE, 1), "DAYS_BIRTH"), within(300.0));
    }

    @Test
    void suddenDriftBringsAYoungThinFileSegment() {
        List<ModelCall> stable = calls(Scenario.STABLE, 1);
        List<ModelCall> sudden = calls(Scenario.SUDDEN_DRIFT, 1);

        assertThat(share(stable, "NAME_INCOME_TYPE", "Student")).isZero();
        assertThat(share(sudden, "NAME_INCOME_TYPE", "Student")).isCloseTo(0.35 * 0.4, within(0.02));
        assertThat(share(sudden, "NAME_CONTRACT_TYPE", "Revolving loans"))
                .isGreaterThan(2 * share(stable, "NAME_CONTRACT_TYPE", "Revolving loans"));
        assertThat(median(sudden, "DAYS_BIRTH")).isGreaterThan(median(stable, "DAYS_BIRTH"));
        assertThat(sudden.stream().mapToDouble(c -> c.applicant().probability()).average().orElseThrow())
                .isGreaterThan(stable.stream().mapToDouble(c -> c.applicant().probability()).average().orElseThrow());
    }
}
