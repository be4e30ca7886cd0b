package io.scorewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.scorewatch.stats.RocAuc;

/** The synthetic reference population: its shape, default rate, model quality and reproducibility. */
class CreditApplicationsTests {

    private static final int ROWS = 20_000;

    private static List<Applicant> reference;

    @BeforeAll
    static void generate() {
        CreditApplications generator = new CreditApplications(7);
        reference = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            reference.add(generator.next());
        }
    }

    @Test
    void defaultRateIsAboutEightPercent() {
        double rate = reference.stream().mapToInt(Applicant::defaulted).average().orElseThrow();
        double meanProbability = reference.stream().mapToDouble(Applicant::probability).average().orElseThrow();
        double flagged = reference.stream().filter(a -> a.probability() >= 0.3282).count() / (double) ROWS;
        System.out.printf("reference: default rate %.4f, mean probability %.4f, share at or above the decision"
                + " threshold %.4f%n", rate, meanProbability, flagged);

        assertThat(rate).isCloseTo(0.08, within(0.01));
        // the share the model flags stays inside the monitoring guide's default-rate band (4% to 12%)
        assertThat(flagged).isBetween(0.05, 0.09);
        // calibrated: the probabilities average to the default rate
        assertThat(meanProbability).isCloseTo(rate, within(0.01));
    }

    @Test
    void theModelReachesRocAucOfAbout077() {
        double auc = auc(reference);
        System.out.printf("reference: ROC-AUC %.4f%n", auc);

        assertThat(auc).isCloseTo(0.77, within(0.02));
    }

    @Test
    void aboutTwoHundredFeaturesOfEveryKind() {
        List<String> names = CreditApplications.featureNames();
        Map<String, Object> first = reference.get(0).features();

        assertThat(names).hasSizeBetween(190, 230).doesNotHaveDuplicates()
                .contains("AMT_CREDIT", "AMT_INCOME_TOTAL", "AMT_ANNUITY", "EXT_SOURCE_1", "EXT_SOURCE_2",
                        "EXT_SOURCE_3", "DAYS_BIRTH", "DAYS_EMPLOYED", "CNT_CHILDREN", "CREDIT_INCOME_RATIO",
                        "NAME_CONTRACT_TYPE", "CODE_GENDER", "NAME_EDUCATION_TYPE", "NAME_INCOME_TYPE")
                .doesNotContain("target", "probability");
        assertThat(reference).allMatch(a -> List.copyOf(a.features().keySet()).equals(names));
        long categorical = names.stream().filter(n -> reference.stream()
                .anyMatch(a -> a.features().get(n) instanceof String)).count();
        assertThat(categorical).isBetween(12L, 25L);
        assertThat(first.get("NAME_CONTRACT_TYPE")).isIn("Cash loans", "Revolving loans");
        assertThat(reference).allMatch(a -> a.probability() > 0 && a.probability() < 1);
    }

    @Test
    void missingSharesAreRealistic() {
        Map<String, Double> missing = missingShares(reference);
        System.out.printf("reference: missing EXT_SOURCE_1 %.3f, EXT_SOURCE_3 %.3f, OCCUPATION_TYPE %.3f%n",
                missing.get("EXT_SOURCE_1"), missing.get("EXT_SOURCE_3"), missing.get("OCCUPATION_TYPE"));

        assertThat(missing.get("EXT_SOURCE_1")).isCloseTo(0.56, within(0.02));
        assertThat(missing.get("EXT_SOURCE_2")).isLessThan(0.01);
        assertThat(missing.get("EXT_SOURCE_3")).isCloseTo(0.20, within(0.02));
        assertThat(missing.get("OCCUPATION_TYPE")).isCloseTo(0.31, within(0.03));
        assertThat(missing.get("OWN_CAR_AGE")).isBetween(0.55, 0.75);
        assertThat(missing.get("COMMONAREA_AVG")).isCloseTo(0.70, within(0.03));
        assertThat(missing.get("AMT_CREDIT")).isZero();
        assertThat(missing.get("DAYS_BIRTH")).isZero();
        // as in real application tables: many complete columns, and a large group mostly missing
        long complete = missing.values().stream().filter(share -> share == 0).count();
        long mostlyMissing = missing.values().stream().filter(share -> share > 0.4).count();
        assertThat(complete).isGreaterThan(50);
        assertThat(mostlyMissing).isGreaterThan(40);
    }

    @Test
    void theSameSeedGivesTheSameApplicants() {
        CreditApplications a = new CreditApplications(99);
        CreditApplications b = new CreditApplications(99);
        CreditApplications c = new CreditApplications(100);
        for (int i = 0; i < 200; i++) {
            Applicant x = a.next(Scenario.SUDDEN_DRIFT, 0.5);
            Applicant y = b.next(Scenario.SUDDEN_DRIFT, 0.5);
            assertThat(x).isEqualTo(y);
        }
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        new CreditApplications(5).writeReferenceCsv(50, "target", "probability", first);
        new CreditApplications(5).writeReferenceCsv(50, "target", "probability", second);
        assertThat(first.toString()).isEqualTo(second.toString());
        assertThat(c.next()).isNotEqualTo(new CreditApplications(99).next());
    }

    @Test
    void theCsvHasTheFeatureColumnsThenTargetAndProbability() {
        StringBuilder csv = new StringBuilder();
        new CreditApplications(3).writeReferenceCsv(10, "target", "probability", csv);
        String[] lines = csv.toString().split("\n");

        assertThat(lines).hasSize(11);
        assertThat(lines[0]).isEqualTo(String.join(",", CreditApplications.featureNames()) + ",target,probability");
        // "Spouse, partner" and the like are quoted; every row has as many cells as the header
        int columns = CreditApplications.featureNames().size() + 2;
        for (int i = 1; i < lines.length; i++) {
            assertThat(lines[i].replaceAll("\"[^\"]*\"", "x").split(",", -1)).hasSize(columns);
        }
    }

    @Test
    void conceptDriftLowersRealisedAucAndRaisesDefaultsWithTheSameProbabilities() {
        List<Applicant> drifted = new ArrayList<>();
        CreditApplications generator = new CreditApplications(7);
        for (int i = 0; i < ROWS; i++) {
            drifted.add(generator.next(Scenario.CONCEPT_DRIFT, 1));
        }
        double auc = auc(drifted);
        double rate = drifted.stream().mapToInt(Applicant::defaulted).average().orElseThrow();
        System.out.printf("concept drift: ROC-AUC %.4f, default rate %.4f%n", auc, rate);

        assertThat(auc).isLessThan(auc(reference) - 0.05);
        assertThat(rate).isGreaterThan(0.1);
        assertThat(drifted.stream().mapToDouble(Applicant::probability).average().orElseThrow())
                .isCloseTo(reference.stream().mapToDouble(Applicant::probability).average().orElseThrow(), within(0.005));
    }

    private static double auc(List<Applicant> applicants) {
        int[] labels = applicants.stream().mapToInt(Applicant::defaulted).toArray();
        double[] scores = applicants.stream().mapToDouble(Applicant::probability).toArray();
        return RocAuc.of(labels, scores).value();
    }

    private static Map<String, Double> missingShares(List<Applicant> applicants) {
        Map<String, Double> shares = new HashMap<>();
        for (String name : CreditApplications.featureNames()) {
            long missing = applicants.stream().filter(a -> a.features().get(name) == null).count();
            shares.put(name, (double) missing / applicants.size());
        }
        return shares;
    }
}
