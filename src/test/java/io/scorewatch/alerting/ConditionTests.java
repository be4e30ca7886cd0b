package io.scorewatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTests {

    @ParameterizedTest(name = "\"{0}\" on {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            > 0.12 or < 0.04          | 0.13     | true
            > 0.12 or < 0.04          | 0.12     | false
            > 0.12 or < 0.04          | 0.08     | false
            > 0.12 or < 0.04          | 0.04     | false
            > 0.12 or < 0.04          | 0.0399   | true
            < 0.70                    | 0.6999   | true
            < 0.70                    | 0.70     | false
            <= 0.70                   | 0.70     | true
            >= 10                     | 10       | true
            > 10                      | 10       | false
            == 1                      | 1        | true
            == 1                      | 0        | false
            != 0                      | 0        | false
            != 0                      | 2        | true
            < -0.50 or > 2.00         | -0.6     | true
            < -0.50 or > 2.00         | 2.5      | true
            < -0.50 or > 2.00         | 0        | false
            >= 0.1 and < 0.2          | 0.15     | true
            >= 0.1 and < 0.2          | 0.2      | false
            > 5 or > 1 and < 2        | 1.5      | true
            > 5 or > 1 and < 2        | 3        | false
            (> 5 or > 1) and < 2      | 3        | false
            (> 5 or > 1) and < 6      | 3        | true
            > 1e-3                    | 0.002    | true
            >0.05                     | 0.06     | true
            > 0.05 OR < 0.01          | 0.005    | true
            """)
    void evaluatesAsWritten(String text, double value, boolean expected) {
        assertThat(Condition.parse(text).test(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            > 0.12 or < 0.04
            < 0.70
            == 1
            """)
    void nanNeverMeetsACondition(String text) {
        assertThat(Condition.parse(text).test(Double.NaN)).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                        | the condition is empty
            0.12                      | expected a comparison operator (<, <=, >, >=, ==, !=) at position 1
            >                         | expected a number after '>' at position 2
            > abc                     | expected a number after '>' at position 3
            = 1                       | '=' is not a comparison; use '==' at position 1
            > 0.12 or                 | expected a comparison such as '> 0.12' at position 10
            > 0.12 xor < 0.04         | expected 'and', 'or' or the end at position 8
            > 5%                      | write a share as a number (0.05, not 5%)
            (> 1 or < 0               | expected ')'
            > 1.2.3                   | '1.2.3' is not a number
            > 0.12 < 0.04             | expected 'and', 'or' or the end
            """)
    void aMistakeSaysWhatWasExpectedWhere(String text, String message) {
        assertThatThrownBy(() -> Condition.parse(text)).isInstanceOf(Condition.InvalidConditionException.class)
                .hasMessageContaining(message);
    }
}
