package io.scorewatch.credit;

import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;

import io.scorewatch.config.ResourceNotFoundException;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.reference.ReferenceData;
import io.scorewatch.reference.References;
import io.scorewatch.segment.Segment;
import io.scorewatch.stats.AucFallTest;
import io.scorewatch.stats.BinomialTest;
import io.scorewatch.stats.DecileBounds;
import io.scorewatch.stats.DeLongAuc;
import io.scorewatch.stats.GradeOutcome;
import io.scorewatch.stats.HerfindahlHirschmanIndex;
import io.scorewatch.stats.HosmerLemeshow;
import io.scorewatch.stats.JeffreysTest;
import io.scorewatch.stats.MasterScale;
import io.scorewatch.stats.MigrationMatrix;
import io.scorewatch.stats.TrafficLight;
import io.scorewatch.stats.TrafficLightThresholds;

/**
 * The credit-risk validation of a model over a window: calibration per grade, discrimination
 * against the initial AUC, vintages and grade migrations. A prediction has matured once its
 * performance window has passed at {@code asOf}; it is bad when it defaulted within that window
 * (its {@code days_to_default} at most the window's length in days from the prediction, or not
 * given). Matured predictions without an outcome are counted as unlabelled and left out.
 */
@Service
public class CreditValidation {

    static final String METHOD = "exact";

    private final References references;
    private final CreditRows rows;
    private final TrafficLightThresholds thresholds;
    private final Map<String, Cached<GradeScale>> scales = new ConcurrentHashMap<>();
    private final Map<String, Cached<Double>> referenceAucs = new ConcurrentHashMap<>();

    CreditValidation(References references, CreditRows rows, CreditProperties properties) {
        this.references = references;
        this.rows = rows;
        this.thresholds = properties.trafficLight().thresholds();
    }

    private record Cached<T>(long referenceId, T value) {
    }

    /** The traffic-light thresholds in force. */
    public TrafficLightThresholds thresholds() {
        return thresholds;
    }

    /**
     * The model's master scale: its configured grades, else the deciles of its active reference's
     * probabilities (grades {@code D1} to {@code Dk}); a 404 problem with neither.
     */
    public GradeScale scale(ModelDefinition model) {
        if (!model.grades().isEmpty()) {
            return new GradeScale(model.grades().stream().map(ModelDefinition.Grade::name).toList(),
                    MasterScale.of(model.grades().stream().mapToDouble(ModelDefinition.Grade::maxPd).toArray()),
                    "configured");
        }
        ReferenceData reference = references.active(model.name()).filter(r -> !r.probability().isEmpty())
                .orElseThrow(() -> new ResourceNotFoundException("No master scale", "Model " + model.name()
                        + " configures no grades and has no reference dataset whose probabilities give the"
                        + " deciles.", "no-master-scale"));
        Cached<GradeScale> cached = scales.get(model.name());
        if (cached != null && cached.referenceId() == reference.id()) {
            return cached.value();
        }
        MasterScale scale = DecileBounds.scale(reference.probability());
        List<String> names = new ArrayList<>();
        for (int k = 1; k <= scale.grades(); k++) {
            names.add("D" + k);
        }
        GradeScale grades = new GradeScale(names, scale, "reference-deciles");
        scales.put(model.name(), new Cached<>(reference.id(), grades));
        return grades;
    }

    /** The AUC at the initial validation and where it comes from; empty without either. */
    Optional<Map.Entry<Double, String>> initialAuc(ModelDefinition model) {
        if (model.initialAuc() != null) {
            return Optional.of(Map.entry(model.initialAuc(), "configured"));
        }
        return references.active(model.name()).flatMap(reference -> {
            Cached<Double> cached = referenceAucs.get(model.name());
            if (cached == null || cached.referenceId() != reference.id()) {
                cached = new Cached<>(reference.id(), referenceAuc(reference));
                referenceAucs.put(model.name(), cached);
            }
            return Double.isFinite(cached.value()) ? Optional.of(Map.entry(cached.value(), "reference"))
                    : Optional.empty();
        });
    }

    private static double referenceAuc(ReferenceData reference) {
        double[] defaults = reference.probabilityOfDefaults().toArray();
        double[] nonDefaults = reference.probabilityOfNonDefaults().toArray();
        double[] scores = new double[defaults.length + nonDefaults.length];
        boolean[] labels = new boolean[scores.length];
        System.arraycopy(defaults, 0, scores, 0, defaults.length);
        System.arraycopy(nonDefaults, 0, scores, defaults.length, nonDefaults.length);
        for (int i = 0; i < defaults.length; i++) {
            labels[i] = true;
        }
        return DeLongAuc.of(labels, scores).auc();
    }

    /** Calibration over the matured predictions of [from, to). */
    public Calibration calibration(ModelDefinition model, Segment segment, Instant from, Instant to, Instant asOf) {
        GradeScale scale = scale(model);
        List<CreditRows.Row> window = rows.read(model.name(), segment, from, to);
        Period performance = model.performanceWindow();
        int grades = scale.scale().grades();
        long[] counts = new long[grades];
        long[] defaults = new long[grades];
        double[] pdSums = new double[grades];
        long[] all = new long[grades];
        long matured = 0;
        long unlabelled = 0;
        for (CreditRows.Row row : window) {
            int grade = scale.scale().grade(row.probability());
            all[grade]++;
            if (!matured(row.predictedAt(), performance, asOf)) {
                continue;
            }
            matured++;
            if (row.label() < 0) {
                unlabelled++;
                continue;
            }
            counts[grade]++;
            pdSums[grade] += row.probability();
            if (bad(row, performance)) {
                defaults[grade]++;
            }
        }
        List<Calibration.GradeResult> results = new ArrayList<>();
        List<GradeOutcome> outcomes = new ArrayList<>();
        long totalCount = 0;
        long totalDefaults = 0;
        double totalPd = 0;
        for (int k = 0; k < grades; k++) {
            GradeOutcome outcome = new GradeOutcome(counts[k], defaults[k],
                    counts[k] == 0 ? Double.NaN : clamp(pdSums[k] / counts[k]));
            outcomes.add(outcome);
            results.add(result(scale.names().get(k), scale.maxPd(k), outcome));
            totalCount += counts[k];
            totalDefaults += defaults[k];
            totalPd += pdSums[k];
        }
        Calibration.GradeResult portfolio = result("portfolio", null, new GradeOutcome(totalCount, totalDefaults,
                totalCount == 0 ? Double.NaN : clamp(totalPd / totalCount)));
        Calibration.HosmerLemeshowResult hl;
        try {
            HosmerLemeshow test = HosmerLemeshow.of(outcomes);
            hl = new Calibration.HosmerLemeshowResult(finite(test.statistic()), test.degreesOfFreedom(),
                    finite(test.pValue()));
        } catch (IllegalArgumentException pdOfZeroOrOne) {
            hl = null;
        }
        Double referenceHhi = references.active(model.name()).filter(r -> !r.probability().isEmpty())
                .map(r -> finite(HerfindahlHirschmanIndex.of(referenceCounts(scale, r)).value())).orElse(null);
        Calibration.Hhi hhi = new Calibration.Hhi(finite(HerfindahlHirschmanIndex.of(all).value()), referenceHhi);
        return new Calibration(model.name(), name(segment), METHOD, from, to, asOf, performance.toString(),
                scale.source(), window.size(), matured, unlabelled, results, portfolio, hl, hhi);
    }

    /** The reference's probabilities per grade; those above a configured scale's last bound count in the top grade. */
    private static long[] referenceCounts(GradeScale scale, ReferenceData reference) {
        long[] counts = new long[scale.scale().grades()];
        double last = scale.scale().upperBounds()[counts.length - 1];
        for (double p : reference.probability().toArray()) {
            counts[p > last ? counts.length - 1 : scale.scale().grade(p)]++;
        }
        return counts;
    }

    private Calibration.GradeResult result(String name, Double maxPd, GradeOutcome outcome) {
        if (outcome.count() == 0) {
            return new Calibration.GradeResult(name, maxPd, 0, 0, null, null, null, null, null);
        }
        double jeffreys = JeffreysTest.of(outcome).pValue();
        double binomial = BinomialTest.of(outcome).pValue();
        return new Calibration.GradeResult(name, maxPd, outcome.count(), outcome.defaults(),
                (double) outcome.defaults() / outcome.count(), outcome.pd(), finite(jeffreys), finite(binomial),
                Double.isNaN(jeffreys) ? null : TrafficLight.of(jeffreys, thresholds).name());
    }

    /** Discrimination over the matured labelled predictions of [from, to). */
    public Discrimination discrimination(ModelDefinition model, Segment segment, Instant from, Instant to,
            Instant asOf) {
        List<CreditRows.Row> window = rows.read(model.name(), segment, from, to);
        Period performance = model.performanceWindow();
        List<Double> scores = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        long unlabelled = 0;
        long bads = 0;
        for (CreditRows.Row row : window) {
            if (!matured(row.predictedAt(), performance, asOf)) {
                continue;
            }
            if (row.label() < 0) {
                unlabelled++;
                continue;
            }
            boolean bad = bad(row, performance);
            bads += bad ? 1 : 0;
            scores.add(row.probability());
            labels.add(bad);
        }
        double[] s = new double[scores.size()];
        boolean[] l = new boolean[scores.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
            l[i] = labels.get(i);
        }
        DeLongAuc auc = DeLongAuc.of(l, s);
        Optional<Map.Entry<Double, String>> initial = initialAuc(model);
        Double z = null;
        Double p = null;
        if (initial.isPresent() && Double.isFinite(auc.auc()) && Double.isFinite(auc.variance())) {
            AucFallTest test = AucFallTest.of(auc, initial.get().getKey());
            z = finite(test.z());
            p = finite(test.pValue());
        }
        return new Discrimination(model.name(), name(segment), METHOD, from, to, asOf, bads, s.length - bads,
                unlabelled, finite(auc.auc()), finite(auc.variance()), finite(2 * auc.auc() - 1),
                initial.map(Map.Entry::getKey).orElse(null), initial.map(Map.Entry::getValue).orElse(null), z, p);
    }

    /** The monthly cohorts of [from, to). */
    public Vintages vintages(ModelDefinition model, Segment segment, Instant from, Instant to, Instant asOf) {
        Period performance = model.performanceWindow();
        Map<YearMonth, List<CreditRows.Row>> byMonth = new LinkedHashMap<>();
        for (CreditRows.Row row : rows.read(model.name(), segment, from, to)) {
            byMonth.computeIfAbsent(YearMonth.from(row.predictedAt().atZone(ZoneOffset.UTC)), m -> new ArrayList<>())
                    .add(row);
        }
        int curveMonths = curveMonths(performance);
        List<Vintages.Cohort> cohorts = new ArrayList<>();
        byMonth.forEach((month, cohort) -> {
            ZonedDateTime monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC);
            boolean matured = !monthEnd.plus(performance).toInstant().isAfter(asOf);
            long labelled = 0;
            long bads = 0;
            double pdSum = 0;
            for (CreditRows.Row row : cohort) {
                pdSum += row.probability();
                if (row.label() >= 0) {
                    labelled++;
                    bads += bad(row, performance) ? 1 : 0;
                }
            }
            List<Vintages.CurvePoint> curve = new ArrayList<>();
            for (int m = 1; m <= curveMonths && !monthEnd.plusMonths(m).toInstant().isAfter(asOf); m++) {
                long defaulted = 0;
                for (CreditRows.Row row : cohort) {
                    if (row.label() == 1 && row.daysToDefault() != null && bad(row, performance)) {
                        ZonedDateTime at = row.predictedAt().atZone(ZoneOffset.UTC);
                        if (!at.plusDays(row.daysToDefault()).isAfter(at.plusMonths(m))) {
                            defaulted++;
                        }
                    }
                }
                curve.add(new Vintages.CurvePoint(m, (double) defaulted / cohort.size()));
            }
            boolean realised = matured && labelled > 0;
            cohorts.add(new Vintages.Cohort(month.toString(), cohort.size(), labelled, matured,
                    realised ? (double) bads / labelled : null, pdSum / cohort.size(),
                    realised ? "realised" : "estimate", curve));
        });
        return new Vintages(model.name(), name(segment), METHOD, from, to, asOf, performance.toString(), cohorts);
    }

    /**
     * The grade migrations of the clients scored in both months; each client's latest prediction
     * in a month gives its grade there. Predictions without a client are left out.
     */
    public Migrations migrations(ModelDefinition model, Segment segment, YearMonth from, YearMonth to) {
        GradeScale scale = scale(model);
        Map<String, Double> first = latestByClient(model, segment, from);
        Map<String, Double> second = latestByClient(model, segment, to);
        List<int[]> pairs = new ArrayList<>();
        first.forEach((client, p) -> {
            Double q = second.get(client);
            if (q != null) {
                pairs.add(new int[] {grade(scale, p), grade(scale, q)});
            }
        });
        int[] a = pairs.stream().mapToInt(pair -> pair[0]).toArray();
        int[] b = pairs.stream().mapToInt(pair -> pair[1]).toArray();
        MigrationMatrix matrix = MigrationMatrix.of(a, b, scale.scale().grades());
        List<List<Double>> shares = new ArrayList<>();
        for (double[] row : matrix.rowShares()) {
            List<Double> values = new ArrayList<>();
            for (double v : row) {
                values.add(finite(v));
            }
            shares.add(values.stream().allMatch(v -> v == null) ? null : values);
        }
        return new Migrations(model.name(), name(segment), METHOD, from.toString(), to.toString(), scale.names(),
                matrix.total(), matrix.counts(), shares, finite(matrix.stayedShare()),
                finite(matrix.withinOneGradeShare()));
    }

    private Map<String, Double> latestByClient(ModelDefinition model, Segment segment, YearMonth month) {
        Map<String, Double> latest = new HashMap<>();
        for (CreditRows.Row row : rows.read(model.name(), segment, start(month), start(month.plusMonths(1)))) {
            if (row.clientHash() != null) {
                latest.put(row.clientHash(), row.probability()); // rows come in time order: the last wins
            }
        }
        return latest;
    }

    private static int grade(GradeScale scale, double p) {
        double last = scale.scale().upperBounds()[scale.scale().grades() - 1];
        return p > last ? scale.scale().grades() - 1 : scale.scale().grade(p);
    }

    static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Whether the performance window of a prediction made then has passed at {@code asOf}. */
    static boolean matured(Instant predictedAt, Period performance, Instant asOf) {
        return !predictedAt.atZone(ZoneOffset.UTC).plus(performance).toInstant().isAfter(asOf);
    }

    /**
     * Whether a labelled prediction is bad: it defaulted, and within the performance window (its
     * days to default at most the window's length in days from the prediction; a default without
     * days to default counts as within).
     */
    static boolean bad(CreditRows.Row row, Period performance) {
        if (row.label() != 1) {
            return false;
        }
        if (row.daysToDefault() == null) {
            return true;
        }
        ZonedDateTime at = row.predictedAt().atZone(ZoneOffset.UTC);
        return row.daysToDefault() <= ChronoUnit.DAYS.between(at, at.plus(performance));
    }

    /** The months of a curve: the smallest whole number of months that covers the performance window. */
    static int curveMonths(Period performance) {
        ZonedDateTime origin = ZonedDateTime.of(2001, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        ZonedDateTime end = origin.plus(performance);
        int months = 1;
        while (origin.plusMonths(months).isBefore(end)) {
            months++;
        }
        return months;
    }

    private static double clamp(double pd) {
        return Math.max(0, Math.min(1, pd));
    }

    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String name(Segment segment) {
        return segment == null ? null : segment.toString();
    }
}
