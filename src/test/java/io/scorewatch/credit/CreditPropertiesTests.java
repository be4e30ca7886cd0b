package io.scorewatch.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;


/** The credit configuration binds its defaults and refuses a ROC curve without its two corners. */
class CreditPropertiesTests {

    private static CreditProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("scorewatch.credit",
                CreditProperties.class);
    }

    @Test
    void rocPointsDefaultTo200AndBindFromConfiguration() {
        assertThat(bind(Map.of()).rocPoints()).isEqualTo(200);
        assertThat(bind(Map.of("scorewatch.credit.roc-points", "40")).rocPoints()).isEqualTo(40);
    }

    @Test
    void rocPointsOutsideTwoToTenThousandAreRefused() {
        CreditProperties.TrafficLight light = new CreditProperties.TrafficLight(0.05, 0.01);
        for (int points : new int[] {1, 0, -5, 10_001}) {
            assertThatIllegalArgumentException().isThrownBy(() -> new CreditProperties(light, Duration.ofDays(730),
                    Duration.ofDays(3660), 1, 0.05, points, Duration.ofSeconds(10))).withMessageContaining("scorewatch.credit.roc-points");
        }
        assertThat(new CreditProperties(light, Duration.ofDays(730), Duration.ofDays(3660), 1, 0.05, 2, Duration.ofSeconds(10)).rocPoints())
                .isEqualTo(2);
    }
}
