package io.scorewatch.retraining;

import java.time.Instant;
import java.util.List;

/**
 * A stored retraining or rollback run, or a decision that started none.
 *
 * @param id           the run
 * @param model        the model
 * @param kind         {@code retraining} or {@code rollback}
 * @param source       who asked: {@code manual}, {@code alert:<rule>}, {@code monitoring-run:<id>}
 * @param reasons      why
 * @param trigger      what the run calls: {@code command}, {@code webhook} or {@code none}
 * @param state        {@code running} until it ends, then {@code finished}
 * @param outcome      once finished: {@code succeeded}, {@code failed}, {@code timed_out},
 *                     {@code not_configured}, {@code skipped} or {@code not_needed}
 * @param modelVersion the version of the model's latest prediction that named one, when the run started
 *                     (null for a decision that started nothing)
 * @param replica      the service instance that took the request
 * @param requestedAt  when it was asked for
 * @param startedAt    when the trigger started; null for a decision that started nothing
 * @param finishedAt   when it ended
 * @param exitCode     the command's exit code
 * @param httpStatus   the webhook's HTTP status
 * @param rocAuc       the ROC-AUC the retraining check saw (manual runs without force)
 * @param driftShare   the drifted share of features the retraining check saw (manual runs without force)
 * @param detail       what happened, in one line
 * @param output       the tail of the command's stdout, or the start of the webhook's answer (admins only)
 * @param errorOutput  the tail of the command's stderr (admins only)
 */
record RetrainingRun(long id, String model, String kind, String source, List<String> reasons, String trigger,
        String state, String outcome, String modelVersion, String replica, Instant requestedAt, Instant startedAt,
        Instant finishedAt, Integer exitCode, Integer httpStatus, Double rocAuc, Double driftShare, String detail,
        String output, String errorOutput) {

    static final String RUNNING = "running";
    static final String FINISHED = "finished";

    RetrainingRun {
        reasons = List.copyOf(reasons);
    }

    /** The run without the command's output (or the webhook's answer), as a non-admin sees it. */
    RetrainingRun withoutOutput() {
        return new RetrainingRun(id, model, kind, source, reasons, trigger, state, outcome, modelVersion, replica,
                requestedAt, startedAt, finishedAt, exitCode, httpStatus, rocAuc, driftShare, detail, null, null);
    }
}
