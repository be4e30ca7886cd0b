package io.scorewatch.credit;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;

import io.scorewatch.alerting.RuleThresholds;
import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.drift.DriftRuns;
import io.scorewatch.ingest.ModelVersions;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.model.ReferenceLookup.ReferenceInfo;
import io.scorewatch.reference.References;
import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentDictionary;

/** Builds a model's monthly validation: the JSON and the printable report read the same. */
@Service
public class ValidationReports {

    /** The alert-rule metrics of the credit validation, whose rules a report keeps. */
    static final List<String> CREDIT_METRICS = List.of("red_grades", "hosmer_lemeshow_p_value", "auc_fall_p_value",
            "grade_hhi", "override_rate");

    private final ModelRegistry models;
    private final SegmentDictionary segments;
    private final CreditValidation validation;
    private final CreditProperties properties;
    private final DriftRuns drift;
    private final ModelVersions versions;
    private final References references;
    private final RuleThresholds rules;
    private final OverrideReads overrides;
    private final ChallengerReads challengers;
    private final Clock clock;

    ValidationReports(ModelRegistry models, SegmentDictionary segments, CreditValidation validation,
            CreditProperties properties, DriftRuns drift, ModelVersions versions, References references,
            RuleThresholds rules, OverrideReads overrides, ChallengerReads challengers, Clock clock) {
        this.rules = rules;
        this.overrides = overrides;
        this.challengers = challengers;
        this.models = models;
        this.segments = segments;
        this.validation = validation;
        this.properties = properties;
        this.drift = drift;
        this.versions = versions;
        this.references = references;
        this.clock = clock;
    }

    /**
     * The validation of {@code period} (YYYY-MM, required, not after the current month) for the
     * model and segment: as of the month's end (or now, while it runs), over the default window
     * before then. A bad parameter is a 400 naming it; an unknown model a 404.
     */
    public Validation validation(String model, String period, String segment) {
        ModelDefinition definition = models.get(model);
        Segment selected = segments.parse(model, segment, "segment");
        List<FieldProblem> problems = new ArrayList<>();
        YearMonth month = CreditController.month("period", period, problems);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (month != null && CreditValidation.start(month).isAfter(now)) {
            problems.add(FieldProblem.of("period", "must not be after the current month"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("Invalid validation period", problems);
        }
        Instant end = CreditValidation.start(month.plusMonths(1));
        Instant asOf = end.isBefore(now) ? end : now;
        Instant from = asOf.minus(properties.defaultWindow());
        Calibration calibration = validation.calibration(definition, selected, from, asOf, asOf);
        Discrimination discrimination = validation.discrimination(definition, selected, from, asOf, asOf);
        Vintages vintages = validation.vintages(definition, selected, from, asOf, asOf);
        Migrations migrations = validation.migrations(definition, selected,
                month.minusMonths(properties.migrationMonths()), month);
        double significance = properties.aucFallSignificance();
        Validation.InForce inForce = new Validation.InForce(validation.thresholds().yellowBelow(),
                validation.thresholds().redBelow(), significance, definition.performanceWindow().toString(),
                calibration.gradeSource(), calibration.grades().stream()
                        .map(g -> new Validation.GradeBound(g.grade(), g.maxPd())).toList(),
                discrimination.initialAuc(), discrimination.initialAucSource(),
                versions.latest(model).orElse(null), references.reference(model).map(ReferenceInfo::id).orElse(null),
                rules.on(CREDIT_METRICS));
        Boolean fallen = discrimination.pValue() == null ? null : discrimination.pValue() < significance;
        String segmentName = selected == null ? null : selected.toString();
        Instant monthStart = CreditValidation.start(month);
        OverrideReport monthOverrides = OverrideReport.of(model, monthStart, asOf, segmentName,
                overrides.read(definition, selected, monthStart, asOf));
        ChallengerReport monthChallengers = new ChallengerReport(model, monthStart, asOf, segmentName,
                CreditValidation.METHOD, challengers.read(definition, selected, monthStart, asOf).stream()
                        .map(ChallengerReport.Entry::of).toList());
        return new Validation(model, segmentName, CreditValidation.METHOD, month.toString(), asOf, from, asOf,
                calibration, discrimination, fallen, vintages, migrations, monthOverrides, monthChallengers,
                drift.latest(model).orElse(null), inForce);
    }

    /** The last complete month (UTC): the period a monthly review links to. */
    public static String lastMonth(Clock clock) {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(1).toString();
    }
}
