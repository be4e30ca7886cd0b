package io.scorewatch.performance;

import io.scorewatch.window.DecisionCounts;
import io.scorewatch.model.ModelDefinition;

/**
 * The business cost of a window's wrong decisions, as the monitoring guide's
 * {@code calculate_business_cost(y_true, y_pred)}: over the labelled predictions, with the
 * decision the model API took (the stored {@code prediction}, posted or derived from the
 * threshold), {@code total = FN * cost_fn + FP * cost_fp}.
 *
 * @param totalCost          FN * cost of a false negative + FP * cost of a false positive; null without labels
 * @param avgCost            total cost per labelled prediction; null without labels
 * @param falseNegatives     labelled defaults the model let through (decision 0, outcome 1)
 * @param falsePositives     labelled non-defaults the model refused (decision 1, outcome 0)
 * @param labeledCount       predictions of the window with a known outcome
 * @param weekOverWeekChange {@code (total - previous total) / previous total} against the previous
 *                           window of the same length; null when either window has no labels or
 *                           the previous cost is 0
 */
public record BusinessCost(Double totalCost, Double avgCost, long falseNegatives, long falsePositives, long labeledCount,
        Double weekOverWeekChange) {

    static BusinessCost of(DecisionCounts current, DecisionCounts previous, ModelDefinition.Costs costs) {
        long labeled = current.labeled();
        if (labeled == 0) {
            return new BusinessCost(null, null, 0, 0, 0, null);
        }
        double total = total(current, costs);
        Double change = null;
        if (previous.labeled() > 0) {
            double before = total(previous, costs);
            if (before != 0) {
                change = (total - before) / before;
            }
        }
        return new BusinessCost(total, total / labeled, current.falseNegatives(), current.falsePositives(), labeled,
                change);
    }

    private static double total(DecisionCounts counts, ModelDefinition.Costs costs) {
        return counts.falseNegatives() * costs.falseNegative() + counts.falsePositives() * costs.falsePositive();
    }
}
