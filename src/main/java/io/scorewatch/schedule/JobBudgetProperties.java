package io.scorewatch.schedule;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long each scheduled job may take ({@code scorewatch.schedule.*}). A run that takes longer
 * still runs to its end; it shows as past its budget on {@code GET /api/v1/job-runs}, in the log
 * and in {@code scorewatch_job_overrun_total{job}}.
 *
 * @param budgets       the budget of each job by name ({@code daily}, {@code weekly}, ...); each
 *                      job named here has its meters from the start
 * @param defaultBudget the budget of a job not named in {@code budgets}
 * @param lockAtMostFor a run still recorded running after this long lost its replica (the job's
 *                      lock is released then too): it shows as abandoned
 */
@ConfigurationProperties("scorewatch.schedule")
record JobBudgetProperties(
        @DefaultValue Map<String, Duration> budgets,
        @DefaultValue("1h") Duration defaultBudget,
        @DefaultValue("6h") Duration lockAtMostFor) {

    Duration of(String job) {
        return budgets.getOrDefault(job, defaultBudget);
    }
}
