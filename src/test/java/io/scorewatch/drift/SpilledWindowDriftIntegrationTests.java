package io.scorewatch.drift;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Drift on the default store with no heap to spare for the window: every run writes its feature
 * columns to a file outside the heap and reads them back a column at a time. The same contract,
 * the same answers.
 */
class SpilledWindowDriftIntegrationTests extends H2DriftIntegrationTests {

    @DynamicPropertySource
    static void noHeapForTheWindow(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.drift.heap-share", () -> "0");
    }
}
