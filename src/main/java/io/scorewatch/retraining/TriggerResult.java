package io.scorewatch.retraining;

/**
 * How a trigger ended.
 *
 * @param outcome     succeeded, failed or timed_out
 * @param exitCode    the command's exit code, when it exited by itself
 * @param httpStatus  the webhook's HTTP status, when it answered
 * @param detail      one line: what happened
 * @param output      the tail of the command's stdout, or the start of the webhook's answer
 * @param errorOutput the tail of the command's stderr
 */
record TriggerResult(Outcome outcome, Integer exitCode, Integer httpStatus, String detail, String output,
        String errorOutput) {

    static TriggerResult failed(String detail) {
        return new TriggerResult(Outcome.FAILED, null, null, detail, null, null);
    }
}
