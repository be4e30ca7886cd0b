package io.scorewatch.alerting;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import io.scorewatch.credit.CreditValidated;
import io.scorewatch.credit.OverridesComputed;
import io.scorewatch.drift.DriftRunCompleted;
import io.scorewatch.performance.EstimatedPerformance;
import io.scorewatch.performance.ModelMetrics;

/**
 * The values a rule may watch ({@code metric:} in {@code alert_rules.yaml}), where each comes
 * from, and what an operator should look at when a rule on it fires. Metrics come from the
 * metrics over the default window (refreshed on the real-time schedule and by every monitoring
 * run); drift values from the latest drift run.
 */
enum AlertMetric {
    PREDICTION_COUNT("prediction_count", Unit.COUNT, m -> count(m.predictionCount()), null,
            "Check that the model API is posting its predictions."),
    DEFAULT_RATE("default_rate", Unit.SHARE, ModelMetrics::defaultRate, null,
            "Compare the default rate with the expected positive rate; check the input mix and feature drift."),
    AVG_PROBABILITY("avg_probability", Unit.SHARE, ModelMetrics::avgProbability, null,
            "The score distribution moved: look at prediction drift and the drifted features."),
    HIGH_RISK_SHARE("high_risk_share", Unit.SHARE, ModelMetrics::highRiskShare, null,
            "More applicants score as high risk: check the input mix and feature drift."),
    BUSINESS_COST("business_cost", Unit.NUMBER, m -> m.businessCost().totalCost(), null,
            "Look at the false negatives and false positives behind the cost."),
    AVG_COST("avg_cost", Unit.NUMBER, m -> m.businessCost().avgCost(), null,
            "Look at the false negatives and false positives behind the cost."),
    BUSINESS_COST_CHANGE("business_cost_change", Unit.CHANGE, m -> m.businessCost().weekOverWeekChange(), null,
            "The cost of wrong decisions grew against the previous window: check recall, precision and drift."),
    LABELED_COUNT("labeled_count", Unit.COUNT, m -> count(m.performance().labeledCount()), null,
            "Check that ground truth is being posted."),
    ROC_AUC("roc_auc", Unit.NUMBER, m -> m.performance().rocAuc(), null,
            "The model ranks worse than it should: check feature drift and consider retraining."),
    PRECISION("precision", Unit.NUMBER, m -> m.performance().precision(), null,
            "Too many good applicants are refused: check the decision threshold and drift."),
    RECALL("recall", Unit.NUMBER, m -> m.performance().recall(), null,
            "Too many defaults get through: check the decision threshold and drift; consider retraining."),
    F1("f1", Unit.NUMBER, m -> m.performance().f1(), null,
            "Check precision and recall, the decision threshold and drift."),
    GINI("gini", Unit.NUMBER, m -> m.performance().gini(), null,
            "The model ranks worse than it should: check feature drift and consider retraining."),
    KS_SEPARATION("ks_separation", Unit.NUMBER, m -> m.performance().ksSeparation(), null,
            "The classes separate less well: check feature drift and consider retraining."),
    ESTIMATED_ROC_AUC("estimated_roc_auc", Unit.NUMBER, estimated(EstimatedPerformance::estimatedRocAuc), null,
            "Estimated from the probabilities before labels arrive: check drift and the calibration; the realised"
                    + " ROC-AUC confirms it once labels are in."),
    ESTIMATED_ROC_AUC_UPPER("estimated_roc_auc_upper", Unit.NUMBER,
            estimated(e -> e.bands().estimatedRocAuc().upper()), null,
            "Even the upper end of the estimate's band is this low: the model ranks worse than it should, before"
                    + " labels confirm it. Check drift and the calibration."),
    ESTIMATED_PRECISION("estimated_precision", Unit.NUMBER, estimated(EstimatedPerformance::estimatedPrecision), null,
            "Estimated from the probabilities before labels arrive: check the score distribution and drift."),
    ESTIMATED_RECALL("estimated_recall", Unit.NUMBER, estimated(EstimatedPerformance::estimatedRecall), null,
            "Estimated from the probabilities before labels arrive: check the score distribution and drift."),
    ESTIMATED_F1("estimated_f1", Unit.NUMBER, estimated(EstimatedPerformance::estimatedF1), null,
            "Estimated from the probabilities before labels arrive: check the score distribution and drift."),
    ESTIMATED_BUSINESS_COST("estimated_business_cost", Unit.NUMBER, estimated(EstimatedPerformance::estimatedBusinessCost), null,
            "Estimated from the probabilities before labels arrive: check the score distribution and drift."),
    BRIER_SCORE("brier_score", Unit.NUMBER, m -> m.performance().brierScore(), null,
            "The probabilities are less well calibrated: check drift; consider recalibrating."),
    REQUEST_VOLUME("request_volume", Unit.COUNT, m -> count(m.system().requestCount()), null,
            "Check the model API and its callers."),
    REQUEST_VOLUME_CHANGE("request_volume_change", Unit.CHANGE, m -> m.system().requestVolumeChange(), null,
            "Traffic moved sharply against the previous window: check the model API and its callers."),
    LATENCY_P50_MS("latency_p50_ms", Unit.MILLISECONDS, m -> m.system().latencyP50Ms(), null,
            "The model API answers slowly: check its hosts and dependencies."),
    LATENCY_P95_MS("latency_p95_ms", Unit.MILLISECONDS, m -> m.system().latencyP95Ms(), null,
            "The model API answers slowly: check its hosts and dependencies."),
    LATENCY_P99_MS("latency_p99_ms", Unit.MILLISECONDS, m -> m.system().latencyP99Ms(), null,
            "The model API answers slowly: check its hosts and dependencies."),
    ERROR_RATE("error_rate", Unit.SHARE, m -> m.system().errorRate(), null,
            "The model API fails requests: look at the errors by type; roll back a bad release."),
    NUM_DRIFTED_FEATURES("num_drifted_features", Unit.COUNT, null, d -> (double) d.driftedFeatures(),
            "Open the drift report to see which features moved and by how much."),
    DRIFT_SHARE("drift_share", Unit.SHARE, null, DriftRunCompleted::driftShare,
            "Open the drift report; above the retraining threshold the weekly run asks for retraining."),
    PREDICTION_DRIFT("prediction_drift", Unit.FLAG, null, d -> finite(d.predictionDriftPValue()) == null
            ? null : d.predictionDrifted() ? 1.0 : 0.0,
            "The probabilities no longer look like the reference: open the drift report."),
    PREDICTION_DRIFT_P_VALUE("prediction_drift_p_value", Unit.NUMBER, null,
            d -> finite(d.predictionDriftPValue()),
            "The probabilities no longer look like the reference: open the drift report."),
    TARGET_DRIFT("target_drift", Unit.FLAG, null, d -> finite(d.targetDriftPValue()) == null
            ? null : d.targetDrifted() ? 1.0 : 0.0,
            "The default rate among labelled predictions moved from the reference: open the drift report."),
    TARGET_DRIFT_P_VALUE("target_drift_p_value", Unit.NUMBER, null, d -> finite(d.targetDriftPValue()),
            "The default rate among labelled predictions moved from the reference: open the drift report."),
    OVERRIDE_RATE("override_rate", Unit.SHARE,
            "Lenders override the model's decisions often: read GET /models/{model}/overrides by reason and"
                    + " segment; frequent overrides question the model or its threshold.",
            OverridesComputed::overrideRate),
    HOSMER_LEMESHOW_P_VALUE("hosmer_lemeshow_p_value", Unit.NUMBER, CreditValidated::hosmerLemeshowPValue,
            "The PDs no longer match the observed defaults across the grades: open the validation report."),
    AUC_FALL_P_VALUE("auc_fall_p_value", Unit.NUMBER, CreditValidated::aucFallPValue,
            "The AUC has fallen below the initial validation's: open the validation report; consider retraining."),
    RED_GRADES("red_grades", Unit.COUNT, CreditValidated::redGrades,
            "Grades whose defaults exceed their PD (red traffic light): open the validation report."),
    GRADE_HHI("grade_hhi", Unit.NUMBER, CreditValidated::hhi,
            "The clients concentrate in few grades: compare the grade distribution with the reference.");

    /** How a value reads in a message. */
    enum Unit {
        COUNT, SHARE, NUMBER, CHANGE, MILLISECONDS, FLAG
    }

    private final String key;
    private final Unit unit;
    private final Function<ModelMetrics, Double> fromMetrics;
    private final Function<DriftRunCompleted, Double> fromDrift;
    private final Function<CreditValidated, Double> fromCredit;
    private final String advice;
    private final Function<OverridesComputed, Double> fromOverrides;

    /** A value of the daily credit validation. */
    AlertMetric(String key, Unit unit, Function<CreditValidated, Double> fromCredit, String advice) {
        this.key = key;
        this.unit = unit;
        this.fromMetrics = null;
        this.fromDrift = null;
        this.fromCredit = fromCredit;
        this.advice = advice;
        this.fromOverrides = null;
    }

    AlertMetric(String key, Unit unit, Function<ModelMetrics, Double> fromMetrics,
            Function<DriftRunCompleted, Double> fromDrift, String advice) {
        this.key = key;
        this.unit = unit;
        this.fromMetrics = fromMetrics;
        this.fromDrift = fromDrift;
        this.fromCredit = null;
        this.advice = advice;
        this.fromOverrides = null;
    }

    /** A metric from the overrides counted over the default window. */
    AlertMetric(String key, Unit unit, String advice, Function<OverridesComputed, Double> fromOverrides) {
        this.key = key;
        this.unit = unit;
        this.fromMetrics = null;
        this.fromDrift = null;
        this.fromCredit = null;
        this.advice = advice;
        this.fromOverrides = fromOverrides;
    }

    boolean fromOverrides() {
        return fromOverrides != null;
    }

    /** This metric's value in counted overrides; null when undefined there or not an overrides value. */
    Double valueIn(OverridesComputed overrides) {
        return fromOverrides == null ? null : finite(fromOverrides.apply(overrides));
    }

    String key() {
        return key;
    }

    String advice() {
        return advice;
    }

    boolean fromDriftRun() {
        return fromDrift != null;
    }

    boolean fromCreditValidation() {
        return fromCredit != null;
    }

    /** This metric's value in a credit validation; null when undefined there or not a credit value. */
    Double valueIn(CreditValidated validated) {
        return fromCredit == null ? null : finite(fromCredit.apply(validated));
    }

    /** This metric's value in the metrics; null when undefined there or not a metrics value. */
    Double valueIn(ModelMetrics metrics) {
        return fromMetrics == null ? null : finite(fromMetrics.apply(metrics));
    }

    /** This metric's value in a drift run; null when undefined there or not a drift value. */
    Double valueIn(DriftRunCompleted run) {
        return fromDrift == null ? null : finite(fromDrift.apply(run));
    }

    String format(double value) {
        return switch (unit) {
            case COUNT -> String.format(Locale.ROOT, "%.0f", value);
            case SHARE -> String.format(Locale.ROOT, "%.4f (%.2f%%)", value, value * 100);
            case CHANGE -> String.format(Locale.ROOT, "%+.4f (%+.1f%%)", value, value * 100);
            case MILLISECONDS -> String.format(Locale.ROOT, "%.1f ms", value);
            case FLAG -> value == 1.0 ? "1 (detected)" : String.format(Locale.ROOT, "%.0f", value);
            case NUMBER -> String.format(Locale.ROOT, "%.4f", value);
        };
    }

    static Optional<AlertMetric> of(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    static String keys() {
        return String.join(", ", Arrays.stream(values()).map(AlertMetric::key).toList());
    }

    /** A value of the estimated performance; null when the metrics carry no estimate. */
    private static Function<ModelMetrics, Double> estimated(Function<EstimatedPerformance, Double> value) {
        return m -> m.estimatedPerformance() == null ? null : value.apply(m.estimatedPerformance());
    }

    private static Double count(long count) {
        return (double) count;
    }

    private static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }
}
