package io.scorewatch.alerting;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.config.ResourceNotFoundException;
import io.scorewatch.model.ModelRegistry;

/** Alerts and their delivery; the rules in force, and reloading them. */
@RestController
@RequestMapping("/api/v1")
class AlertController {

    private static final Set<String> STATES = Set.of(AlertStore.FIRING, AlertStore.ACKNOWLEDGED, AlertStore.RESOLVED);

    private final AlertStore store;
    private final AlertRules rules;
    private final AlertMeters meters;
    private final ModelRegistry models;
    private final Clock clock;

    AlertController(AlertStore store, AlertRules rules, AlertMeters meters, ModelRegistry models, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.meters = meters;
        this.models = models;
        this.clock = clock;
    }

    /** Optional body of an acknowledgement: who takes care of it. */
    record Acknowledgement(String by) {
    }

    /** The rules in force and the metrics a rule may watch. */
    record RulesResponse(String source, Instant loadedAt, List<RuleView> rules, List<String> metrics) {
    }

    record RuleView(String name, String metric, String condition, String severity, List<String> actions,
            String description) {
    }

    @GetMapping("/alerts")
    List<AlertView> list(@RequestParam(required = false) String state, @RequestParam(required = false) String model,
            @RequestParam(defaultValue = "100") int limit) {
        if (state != null && !STATES.contains(state.toLowerCase(Locale.ROOT))) {
            throw new InvalidRequestException(FieldProblem.of("state", "must be firing, acknowledged or resolved"));
        }
        if (model != null) {
            models.get(model);
        }
        return store.list(state == null ? null : state.toLowerCase(Locale.ROOT), model,
                InvalidRequestException.requireLimit(limit, 1000));
    }

    @GetMapping("/alerts/{id}")
    AlertView get(@PathVariable long id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    /** Stops the reminders of a firing alert; it still resolves (and says so) when the condition clears. */
    @PostMapping("/alerts/{id}/acknowledge")
    AlertView acknowledge(@PathVariable long id, @RequestBody(required = false) Acknowledgement body) {
        AlertView alert = store.find(id).orElseThrow(() -> notFound(id));
        String by = body == null || body.by() == null || body.by().isBlank() ? "api" : body.by().strip();
        if (by.length() > 200) {
            throw new InvalidRequestException(FieldProblem.of("by", "at most 200 characters"));
        }
        if (AlertStore.RESOLVED.equals(alert.state())) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "Alert " + id + " was resolved at " + alert.resolvedAt() + "; there is nothing to acknowledge.");
            problem.setTitle("Alert already resolved");
            problem.setType(URI.create("urn:scorewatch:problem:alert-resolved"));
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        }
        store.acknowledge(id, by, clock.instant());
        meters.refreshFiring(alert.model());
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    @GetMapping("/alert-rules")
    RulesResponse rules() {
        return response(rules.loaded());
    }

    /** Reads {@code alert_rules.yaml} again; a file with a mistake is refused (422) and the rules in force stay. */
    @PostMapping("/alert-rules/reload")
    RulesResponse reload() {
        try {
            return response(rules.reload());
        } catch (AlertRuleFile.InvalidRulesException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                    e.getMessage() + ". The rules in force stay.");
            problem.setTitle("Alert rules refused");
            problem.setType(URI.create("urn:scorewatch:problem:alert-rules-refused"));
            problem.setProperty("errors", e.problems().stream().map(p -> FieldProblem.of("alert_rules.yaml", p))
                    .toList());
            throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
        }
    }

    private static RulesResponse response(AlertRules.Loaded loaded) {
        return new RulesResponse(loaded.source(), loaded.loadedAt(), loaded.rules().stream()
                .map(r -> new RuleView(r.name(), r.metric().key(), r.conditionText(), r.severity().name(),
                        r.actions().stream().map(AlertAction::key).toList(), r.description()))
                .toList(), Arrays.stream(AlertMetric.values()).map(AlertMetric::key).toList());
    }

    private static ResourceNotFoundException notFound(long id) {
        return new ResourceNotFoundException("Alert not found", "There is no alert " + id + ".", "alert-not-found");
    }
}
