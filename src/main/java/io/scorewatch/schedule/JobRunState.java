package io.scorewatch.schedule;

import java.util.Locale;

/** Where a job run stands against its budget, as {@code GET /api/v1/job-runs} shows it. */
enum JobRunState {
    /** Running, within its budget. */
    RUNNING,
    /** Still running, longer than its budget. */
    RUNNING_PAST_BUDGET,
    /** Recorded running for longer than a job's lock lasts: its replica stopped during the run. */
    ABANDONED,
    /** Ended within its budget. */
    FINISHED,
    /** Ended, after more than its budget. */
    FINISHED_PAST_BUDGET;

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
