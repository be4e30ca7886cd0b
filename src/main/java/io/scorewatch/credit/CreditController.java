package io.scorewatch.credit;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.performance.MetricsWindow;
import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentDictionary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The credit-risk validation reads: calibration, discrimination, vintages and migrations. */
@RestController
@Tag(name = "Credit validation", description = "Calibration per grade, discrimination, vintages, migrations")
class CreditController {

    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final String WINDOW = "Window length ending at to (or now): 30d, 52w or ISO-8601; default"
            + " scorewatch.credit.default-window";

    private final ModelRegistry models;
    private final SegmentDictionary segments;
    private final CreditValidation validation;
    private final CreditProperties properties;
    private final Clock clock;
    private final ValidationReports reports;

    CreditController(ModelRegistry models, SegmentDictionary segments, CreditValidation validation,
            CreditProperties properties, Clock clock, ValidationReports reports) {
        this.reports = reports;
        this.models = models;
        this.segments = segments;
        this.validation = validation;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/api/v1/models/{model}/calibration")
    @Operation(summary = "Calibration per grade over the window's matured predictions",
            description = "A prediction has matured once the model's performance window has passed; it is bad when"
                    + " it defaulted within that window. Matured predictions without an outcome are counted as"
                    + " unlabelled and left out.")
    Calibration calibration(@PathVariable String model,
            @Parameter(description = WINDOW, example = "730d") @RequestParam(required = false) String window,
            @Parameter(description = "Start, ISO-8601 with offset (inclusive)") @RequestParam(required = false)
            String from,
            @Parameter(description = "End, ISO-8601 with offset (exclusive); default now")
            @RequestParam(required = false) String to,
            @Parameter(description = "A segment KEY:VALUE the model declares; the total when absent")
            @RequestParam(required = false) String segment) {
        Read read = read(model, window, from, to, segment);
        return validation.calibration(read.model(), read.segment(), read.window().from(), read.window().to(),
                clock.instant());
    }

    @GetMapping("/api/v1/models/{model}/discrimination")
    @Operation(summary = "AUC over the window's matured predictions against the initial AUC",
            description = "DeLong variance; z = (AUC - initial) / sqrt(variance), p = Phi(z), one-sided: small when"
                    + " the AUC has fallen below the initial AUC.")
    Discrimination discrimination(@PathVariable String model,
            @Parameter(description = WINDOW) @RequestParam(required = false) String window,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String segment) {
        Read read = read(model, window, from, to, segment);
        return validation.discrimination(read.model(), read.segment(), read.window().from(), read.window().to(),
                clock.instant());
    }

    @GetMapping("/api/v1/models/{model}/vintages")
    @Operation(summary = "Monthly origination cohorts: realised bad rate once matured, estimated before",
            description = "month is the prediction time's YYYY-MM in UTC; bad_rate is null until the performance"
                    + " window has passed for the whole month; estimated_bad_rate is the mean probability.")
    Vintages vintages(@PathVariable String model,
            @Parameter(description = WINDOW) @RequestParam(required = false) String window,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String segment) {
        Read read = read(model, window, from, to, segment);
        return validation.vintages(read.model(), read.segment(), read.window().from(), read.window().to(),
                clock.instant());
    }

    @GetMapping("/api/v1/models/{model}/migrations")
    @Operation(summary = "Grade migrations of the clients scored in both months",
            description = "from and to are months, YYYY-MM (UTC); each client's latest prediction in a month gives"
                    + " its grade there.")
    Migrations migrations(@PathVariable String model,
            @Parameter(description = "The first month, YYYY-MM", example = "2026-01") @RequestParam(required = false)
            String from,
            @Parameter(description = "The second month, YYYY-MM", example = "2026-02") @RequestParam(required = false)
            String to,
            @RequestParam(required = false) String segment) {
        ModelDefinition definition = models.get(model);
        Segment selected = segments.parse(model, segment, "segment");
        List<FieldProblem> problems = new ArrayList<>();
        YearMonth first = month("from", from, problems);
        YearMonth second = month("to", to, problems);
        if (problems.isEmpty() && !first.isBefore(second)) {
            problems.add(FieldProblem.of("to", "must be a later month than from"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("Invalid migration months", problems);
        }
        return validation.migrations(definition, selected, first, second);
    }

    @GetMapping("/api/v1/models/{model}/validation")
    @Operation(summary = "The monthly validation: the data of the validation report",
            description = "Calibration, discrimination, vintages and migrations as of the end of period (or now"
                    + " while it runs), over scorewatch.credit.default-window before then; the latest drift run;"
                    + " thresholds and versions in force.")
    Validation validation(@PathVariable String model,
            @Parameter(description = "The month, YYYY-MM (UTC)", example = "2026-01") @RequestParam(required = false)
            String period,
            @RequestParam(required = false) String segment) {
        return reports.validation(model, period, segment);
    }

    /** A month parameter YYYY-MM; null with a problem added when absent or malformed. */
    static YearMonth month(String field, String text, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            problems.add(FieldProblem.of(field, "is required, YYYY-MM"));
            return null;
        }
        if (!MONTH.matcher(text).matches()) {
            problems.add(FieldProblem.of(field, "must be a month YYYY-MM"));
            return null;
        }
        try {
            return YearMonth.parse(text);
        } catch (DateTimeException e) {
            problems.add(FieldProblem.of(field, "must be a month YYYY-MM"));
            return null;
        }
    }

    private record Read(ModelDefinition model, Segment segment, MetricsWindow window) {
    }

    private Read read(String model, String window, String from, String to, String segment) {
        ModelDefinition definition = models.get(model);
        Segment selected = segments.parse(model, segment, "segment");
        MetricsWindow range = MetricsWindow.parse(window, from, to, clock.instant(), properties.defaultWindow(),
                properties.maxWindow());
        return new Read(definition, selected, range);
    }
}
