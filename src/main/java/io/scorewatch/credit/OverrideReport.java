package io.scorewatch.credit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The overrides of a model over a window.
 *
 * @param decisions         predictions with a final decision
 * @param declinedByModel   of them, those with {@code prediction} 1
 * @param lowSideOverrides  of those, approved anyway ({@code final_decision} 0)
 * @param lowSideRate       lowSideOverrides / declinedByModel; null without any
 * @param approvedByModel   predictions with a final decision and {@code prediction} 0
 * @param highSideOverrides of those, declined anyway
 * @param highSideRate      highSideOverrides / approvedByModel; null without any
 * @param overrides         low and high side together
 * @param overrideRate      overrides / decisions; null without any decision
 * @param overriddenLabeled overridden predictions with a known outcome
 * @param overriddenDefaults of those, defaults
 * @param overriddenBadRate overriddenDefaults / overriddenLabeled; null without any
 * @param byReason          overrides per reason (kept reasons, {@code other}, {@code missing})
 * @param bySegment         per declared segment key and value, the same rates
 */
public record OverrideReport(String model, Instant from, Instant to, String segment, String method, long decisions,
        long declinedByModel, long lowSideOverrides, Double lowSideRate, long approvedByModel, long highSideOverrides,
        Double highSideRate, long overrides, Double overrideRate, long overriddenLabeled, long overriddenDefaults,
        Double overriddenBadRate, List<ReasonCount> byReason, List<SegmentOverrides> bySegment) {

    public record ReasonCount(String reason, long overrides) {
    }

    public record SegmentOverrides(String segmentKey, String segmentValue, long decisions, long lowSideOverrides,
            Double lowSideRate, long highSideOverrides, Double highSideRate, Double overrideRate) {
    }

    static OverrideReport of(String model, Instant from, Instant to, String segment, OverrideReads.Read read) {
        OverrideReads.Cells t = read.total();
        List<ReasonCount> reasons = new ArrayList<>();
        read.byReason().forEach((reason, count) -> reasons.add(new ReasonCount(reason, count)));
        List<SegmentOverrides> segments = new ArrayList<>();
        for (Map.Entry<String, Map<String, OverrideReads.Cells>> key : read.bySegment().entrySet()) {
            key.getValue().forEach((value, c) -> segments.add(new SegmentOverrides(key.getKey(), value,
                    decisions(c), c.lowSide(), share(c.lowSide(), c.declinedByModel()), c.highSide(),
                    share(c.highSide(), c.approvedByModel()), share(c.lowSide() + c.highSide(), decisions(c)))));
        }
        long overrides = t.lowSide() + t.highSide();
        return new OverrideReport(model, from, to, segment, "exact", decisions(t), t.declinedByModel(), t.lowSide(),
                share(t.lowSide(), t.declinedByModel()), t.approvedByModel(), t.highSide(),
                share(t.highSide(), t.approvedByModel()), overrides, share(overrides, decisions(t)),
                t.overriddenLabeled, t.overriddenDefaults, share(t.overriddenDefaults, t.overriddenLabeled), reasons,
                segments);
    }

    private static long decisions(OverrideReads.Cells c) {
        return c.declinedByModel() + c.approvedByModel();
    }

    static Double share(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
