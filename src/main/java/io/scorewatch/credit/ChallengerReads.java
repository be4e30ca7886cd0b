package io.scorewatch.credit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.scorewatch.model.ModelDefinition;
import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentSlots;
import io.scorewatch.stats.PairedDeLongTest;
import io.scorewatch.stats.PopulationStabilityIndex;
import io.scorewatch.stats.RocCurve;

/**
 * Champion against challengers over a window. A challenger is a version ({@code model_version})
 * of the same model whose predictions name the champion's prediction in {@code shadow_of}: each
 * challenger prediction is paired with that champion prediction, and the pair takes the
 * champion's outcome. The window selects the challenger's predictions (by the score index), the
 * segment their champions' predictions. Both ROC curves come from the labelled pairs, thinned to
 * {@code scorewatch.credit.roc-points} for display; the AUCs stay exact over all of them.
 */
@Component
class ChallengerReads {

    private final JdbcTemplate jdbc;
    private final int rocPoints;

    private final SegmentSlots slots;

    ChallengerReads(JdbcTemplate jdbc, CreditProperties properties, SegmentSlots slots) {
        this.slots = slots;
        this.jdbc = jdbc;
        this.rocPoints = properties.rocPoints();
    }

    /**
     * The figures of one challenger version. The ROC curves are those of the labelled pairs, thinned
     * to the configured number of points, and null while the labelled pairs lack a class.
     */
    record Challenger(String modelVersion, int pairs, int labeledPairs, double championAuc, double challengerAuc,
            double delongZ, double delongPValue, Double championCost, Double challengerCost, double psi,
            Roc championRoc, Roc challengerRoc) {

        /** Challenger AUC minus champion AUC; NaN while either is undefined. */
        double aucDifference() {
            return challengerAuc - championAuc;
        }
    }

    /**
     * A ROC curve as answered: the points kept from the exact curve.
     *
     * @param vertices the number of vertices of the exact curve (every distinct threshold and (0, 0))
     * @param fpr      false-positive rates of the kept points, from 0 to 1
     * @param tpr      true-positive rates of the kept points, from 0 to 1
     */
    record Roc(int vertices, double[] fpr, double[] tpr) {

        static Roc of(RocCurve exact, int maxPoints) {
            RocCurve shown = exact.thinned(maxPoints);
            return new Roc(exact.size(), shown.falsePositiveRates(), shown.truePositiveRates());
        }
    }

    /** Growable columns of one version's pairs. */
    private static final class Pairs {
        int size;
        double[] champion = new double[256];
        double[] challenger = new double[256];
        int[] championDecision = new int[256];
        int[] challengerDecision = new int[256];
        int[] label = new int[256];

        void add(double championScore, int championDecided, double challengerScore, int challengerDecided, int y) {
            if (size == champion.length) {
                int capacity = size * 2;
                champion = Arrays.copyOf(champion, capacity);
                challenger = Arrays.copyOf(challenger, capacity);
                championDecision = Arrays.copyOf(championDecision, capacity);
                challengerDecision = Arrays.copyOf(challengerDecision, capacity);
                label = Arrays.copyOf(label, capacity);
            }
            champion[size] = championScore;
            championDecision[size] = championDecided;
            challenger[size] = challengerScore;
            challengerDecision[size] = challengerDecided;
            label[size] = y;
            size++;
        }
    }

    @Transactional(readOnly = true)
    public List<Challenger> read(ModelDefinition model, Segment segment, Instant from, Instant to) {
        Map<String, Pairs> byVersion = new TreeMap<>();
        String sql = "SELECT c.model_version, p.probability, p.prediction, c.probability, c.prediction,"
                + " p.actual_default FROM prediction c JOIN prediction p ON p.prediction_id = c.shadow_of"
                + " AND p.model = c.model WHERE c.model = ? AND c.shadow_of IS NOT NULL AND p.shadow_of IS NULL"
                + " AND c.predicted_at >= ? AND c.predicted_at < ?"
                + (segment == null ? "" : " AND " + slots.column(model.name(), segment.key()) + " = ?");
        List<Object> args = new ArrayList<>(List.of(model.name(), from.atOffset(ZoneOffset.UTC),
                to.atOffset(ZoneOffset.UTC)));
        if (segment != null) {
            args.add(segment.value());
        }
        jdbc.query(sql, rs -> {
            String version = rs.getString(1);
            int label = rs.getShort(6);
            if (rs.wasNull()) {
                label = -1;
            }
            byVersion.computeIfAbsent(version, v -> new Pairs()).add(rs.getDouble(2), rs.getShort(3),
                    rs.getDouble(4), rs.getShort(5), label);
        }, args.toArray());
        List<Challenger> challengers = new ArrayList<>();
        byVersion.forEach((version, pairs) -> challengers.add(figures(model, version, pairs, rocPoints)));
        return challengers;
    }

    private static Challenger figures(ModelDefinition model, String version, Pairs pairs, int rocPoints) {
        int labeled = 0;
        for (int i = 0; i < pairs.size; i++) {
            if (pairs.label[i] >= 0) {
                labeled++;
            }
        }
        int[] labels = new int[labeled];
        double[] champion = new double[labeled];
        double[] challenger = new double[labeled];
        double championCost = 0;
        double challengerCost = 0;
        for (int i = 0, k = 0; i < pairs.size; i++) {
            int y = pairs.label[i];
            if (y < 0) {
                continue;
            }
            labels[k] = y;
            champion[k] = pairs.champion[i];
            challenger[k] = pairs.challenger[i];
            championCost += cost(model, y, pairs.championDecision[i]);
            challengerCost += cost(model, y, pairs.challengerDecision[i]);
            k++;
        }
        double championAuc = Double.NaN;
        double challengerAuc = Double.NaN;
        double z = Double.NaN;
        double p = Double.NaN;
        Roc championRoc = null;
        Roc challengerRoc = null;
        if (bothClasses(labels)) {
            PairedDeLongTest test = PairedDeLongTest.of(labels, champion, challenger);
            championAuc = test.firstAuc();
            challengerAuc = test.secondAuc();
            z = test.z();
            p = test.pValue();
            championRoc = Roc.of(RocCurve.of(labels, champion), rocPoints);
            challengerRoc = Roc.of(RocCurve.of(labels, challenger), rocPoints);
        }
        double psi = pairs.size == 0 ? Double.NaN
                : PopulationStabilityIndex.numeric(Arrays.copyOf(pairs.champion, pairs.size),
                        Arrays.copyOf(pairs.challenger, pairs.size)).value();
        return new Challenger(version, pairs.size, labeled, championAuc, challengerAuc, z, p,
                labeled == 0 ? null : championCost, labeled == 0 ? null : challengerCost, psi, championRoc,
                challengerRoc);
    }

    /** The cost of one decision: a missed default (FN) or a refused good client (FP). */
    private static double cost(ModelDefinition model, int label, int decision) {
        if (label == 1 && decision == 0) {
            return model.costs().falseNegative();
        }
        if (label == 0 && decision == 1) {
            return model.costs().falsePositive();
        }
        return 0;
    }

    private static boolean bothClasses(int[] labels) {
        boolean positive = false;
        boolean negative = false;
        for (int y : labels) {
            positive |= y == 1;
            negative |= y == 0;
        }
        return positive && negative;
    }
}
