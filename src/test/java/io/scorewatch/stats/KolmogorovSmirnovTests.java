package io.scorewatch.stats;

import static io.scorewatch.stats.Tolerance.STATISTIC;
import static io.scorewatch.stats.Tolerance.assertPValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.Stream;

import org.apache.commons.math3.random.JDKRandomGenerator;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

class KolmogorovSmirnovTests {

    static Stream<Named<JsonNode>> goldenCases() {
        return Golden.cases("ks.json", "cases");
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void agreesWithScipyKs2samp(JsonNode expected) {
        double[] x = Golden.sample(expected, "x");
        double[] y = Golden.sample(expected, "y");

        KolmogorovSmirnov result = KolmogorovSmirnov.test(x, y);

        assertThat(result.n()).isEqualTo(expected.get("n").asInt());
        assertThat(result.m()).isEqualTo(expected.get("m").asInt());
        assertThat(result.missingReference()).isEqualTo(expected.get("missing_x").asInt());
        assertThat(result.missingSample()).isEqualTo(expected.get("missing_y").asInt());
        assertThat(result.method().name()).isEqualTo(expected.get("method").asString());
        assertThat(result.statistic()).as("D").isCloseTo(Golden.number(expected.get("statistic")), STATISTIC);
        assertPValue(result.pValue(), Golden.number(expected.get("pvalue")), "p-value");
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void presortedReferenceGivesTheSameResult(JsonNode testCase) {
        double[] x = Golden.sample(testCase, "x");
        double[] y = Golden.sample(testCase, "y");
        double[] yBefore = y.clone();

        KolmogorovSmirnov fromRaw = KolmogorovSmirnov.test(x, y);
        KolmogorovSmirnov fromSorted = KolmogorovSmirnov.test(SortedSample.of(x), y);
        double[] sortedCopy = x.clone();
        Arrays.sort(sortedCopy);
        KolmogorovSmirnov fromWrapped = KolmogorovSmirnov.test(SortedSample.ofSorted(sortedCopy), y);

        assertThat(fromSorted).isEqualTo(fromRaw);
        assertThat(fromWrapped).isEqualTo(fromRaw);
        assertThat(y).as("the window sample is copied, not sorted in place").isEqualTo(yBefore);
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void rawStatisticMatchesBeforeLatticeSnapping(JsonNode testCase) {
        double[] x = Golden.sample(testCase, "x");
        double[] y = Golden.sample(testCase, "y");

        double raw = KolmogorovSmirnov.statistic(SortedSample.of(x), SortedSample.of(y));

        assertThat(raw).isCloseTo(Golden.number(testCase.get("statistic")), within(1e-12));
    }

    /**
     * commons-math3's {@code kolmogorovSmirnovTest(x, y)} breaks ties with random jitter, which
     * changes D and the p-value; scipy (and this implementation) keep the ties.
     */
    @Test
    void tiesAreNotJitteredAsCommonsMathDoes() {
        JsonNode poisson = goldenCase("poisson_40_vs_60");
        JsonNode ints = goldenCase("ints_1_8_vs_5_12");
        double[] px = Golden.sample(poisson, "x");
        double[] py = Golden.sample(poisson, "y");
        double[] ix = Golden.sample(ints, "x");
        double[] iy = Golden.sample(ints, "y");

        KolmogorovSmirnov poissonResult = KolmogorovSmirnov.test(px, py);
        KolmogorovSmirnov intsResult = KolmogorovSmirnov.test(ix, iy);

        // scipy.stats.ks_2samp on these samples
        assertThat(poissonResult.pValue()).isCloseTo(0.8183134017088779, within(1e-12));
        assertThat(intsResult.pValue()).isCloseTo(0.2826728826728826, within(1e-12));

        KolmogorovSmirnovTest jittering = new KolmogorovSmirnovTest(new JDKRandomGenerator(42));
        assertThat(jittering.kolmogorovSmirnovTest(px, py))
                .isNotCloseTo(poissonResult.pValue(), within(1e-6));
        assertThat(jittering.kolmogorovSmirnovTest(ix, iy))
                .isNotCloseTo(intsResult.pValue(), within(1e-6));

        // commons-math's exact distribution itself agrees once it is given the tied D
        KolmogorovSmirnovTest commons = new KolmogorovSmirnovTest();
        assertThat(commons.exactP(poissonResult.statistic(), 40, 60, false))
                .isCloseTo(poissonResult.pValue(), within(1e-12));
        assertThat(commons.exactP(intsResult.statistic(), 8, 8, false))
                .isCloseTo(intsResult.pValue(), within(1e-12));
    }

    @Test
    void emptySampleAfterDroppingNaNIsUndefined() {
        double[] onlyNaN = {Double.NaN, Double.NaN};

        KolmogorovSmirnov result = KolmogorovSmirnov.test(new double[] {1, 2, 3}, onlyNaN);

        assertThat(result.method()).isEqualTo(KolmogorovSmirnov.Method.UNDEFINED);
        assertThat(result.statistic()).isNaN();
        assertThat(result.pValue()).isNaN();
        assertThat(result.n()).isEqualTo(3);
        assertThat(result.m()).isZero();
        assertThat(result.missingSample()).isEqualTo(2);
        assertThat(KolmogorovSmirnov.test(new double[0], new double[] {1}).method())
                .isEqualTo(KolmogorovSmirnov.Method.UNDEFINED);
    }

    @Test
    void largeSamplesAreSymmetricInTheirOrder() {
        JsonNode testCase = goldenCase("asymp_20000_vs_15000_shift");
        double[] x = Golden.sample(testCase, "x");
        double[] y = Golden.sample(testCase, "y");

        KolmogorovSmirnov xy = KolmogorovSmirnov.test(x, y);
        KolmogorovSmirnov yx = KolmogorovSmirnov.test(y, x);

        assertThat(yx.statistic()).isEqualTo(xy.statistic());
        assertThat(yx.pValue()).isEqualTo(xy.pValue());
        assertThat(xy.method()).isEqualTo(KolmogorovSmirnov.Method.ASYMPTOTIC);
    }

    private static JsonNode goldenCase(String name) {
        return goldenCases().filter(c -> c.getName().equals(name)).findFirst().orElseThrow().getPayload();
    }
}
