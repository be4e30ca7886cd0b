package io.scorewatch.drift;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Drift on the default store with no heap to spare for the window: every run reads its feature
 * columns one at a time, each a pass over the window's blocks. The same contract, the same
 * answers.
 */
class GroupedColumnsDriftIntegrationTests extends H2DriftIntegrationTests {

    @DynamicPropertySource
    static void noHeapForTheWindow(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.drift.heap-share", () -> "0");
    }
}
