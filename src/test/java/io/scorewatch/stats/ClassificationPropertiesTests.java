package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ClassificationPropertiesTests {

    /** Labels and probability-like scores on a coarse grid (many ties), both classes present. */
    record Scored(int[] labels, double[] scores) {
    }

    @Provide
    Arbitrary<Scored> scored() {
        return Arbitraries.integers().between(2, 400).flatMap(n -> Combinators.combine(
                Arbitraries.integers().between(0, 1).array(int[].class).ofSize(n),
                Arbitraries.integers().between(0, 100).map(i -> i / 100.0).array(double[].class).ofSize(n))
                .as(Scored::new))
                .filter(s -> java.util.Arrays.stream(s.labels()).distinct().count() == 2);
    }

    @Property(tries = 300)
    void aucIsBetweenZeroAndOneAndFlipsWithTheScore(@ForAll("scored") Scored s) {
        double[] flipped = new double[s.scores().length];
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] = 1 - s.scores()[i];
        }

        double auc = RocAuc.of(s.labels(), s.scores()).value();

        assertThat(auc).isBetween(0.0, 1.0);
        assertThat(RocAuc.of(s.labels(), flipped).value()).isCloseTo(1 - auc, within(1e-12));
    }

    @Property(tries = 300)
    void aucCountsPairsWithTiesAsHalf(@ForAll("scored") Scored s) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < s.labels().length; i++) {
            for (int j = 0; j < s.labels().length; j++) {
                if (s.labels()[i] == 1 && s.labels()[j] == 0) {
                    pairs++;
                    double a = s.scores()[i];
                    double b = s.scores()[j];
                    wins += a > b ? 1 : a == b ? 0.5 : 0;
                }
            }
        }

        assertThat(RocAuc.of(s.labels(), s.scores()).value()).isCloseTo(wins / pairs, within(1e-12));
    }

    @Property(tries = 200)
    void giniAndKsSeparationStayInRange(@ForAll("scored") Scored s) {
        assertThat(Gini.of(s.labels(), s.scores()).value()).isBetween(-1.0, 1.0);
        assertThat(KsSeparation.of(s.labels(), s.scores()).statistic()).isBetween(0.0, 1.0);
    }

    @Property(tries = 200)
    void confusionMatrixCountsEveryRowOnce(@ForAll("scored") Scored s) {
        ConfusionMatrix m = ConfusionMatrix.atThreshold(s.labels(), s.scores(), 0.3282);
        ClassificationReport report = ClassificationReport.of(m);

        assertThat(m.total()).isEqualTo(s.labels().length);
        assertThat(report.macroAverage().support()).isEqualTo(s.labels().length);
        assertThat(report.accuracy()).isEqualTo(m.accuracy());
    }
}
