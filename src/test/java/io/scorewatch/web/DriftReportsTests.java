package io.scorewatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.scorewatch.drift.DriftRunResponse.FeatureResult;

class DriftReportsTests {

    static FeatureResult feature(String name, boolean drifted, Double pValue, Double adjusted) {
        return new FeatureResult(name, "numerical", "ks", 0.1, pValue, adjusted, drifted, 0.01, "stable", 0.02, 10, 10,
                null, null);
    }

    @Test
    void driftedFeaturesComeFirstThenTheSmallestPValue() {
        List<FeatureResult> features = new ArrayList<>(List.of(feature("stable-small", false, 0.06, null),
                feature("drifted-weak", true, 0.04, null), feature("untested", false, null, null),
                feature("drifted-strong", true, 1e-12, null), feature("stable-large", false, 0.9, null),
                feature("adjusted", true, 1e-20, 0.01)));
        features.sort(DriftReports.WORST_FIRST);
        assertThat(features).extracting(FeatureResult::name).containsExactly("drifted-strong", "adjusted",
                "drifted-weak", "stable-small", "stable-large", "untested");
    }

    @Test
    void embeddedJsonCannotCloseItsScriptElement() {
        String json = "{\"name\":\"</script><script>alert(1)</script>&\u2028\"}";
        String safe = DriftReports.embeddable(json);
        assertThat(safe).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028");
        assertThat(safe).contains("\\u003c/script\\u003e");
    }
}
