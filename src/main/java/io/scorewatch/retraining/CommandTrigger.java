package io.scorewatch.retraining;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs the retraining command as a subprocess (an argv list, no shell) with the run's facts in
 * its environment, keeps the tail of its stdout and stderr, and kills it with its whole process
 * tree when it outlives {@code scorewatch.retraining.timeout} or the service stops.
 *
 * <p>The command sees {@code SCOREWATCH_MODEL}, {@code SCOREWATCH_MODEL_VERSION} (the version of
 * the model's latest prediction that named one, else empty), {@code SCOREWATCH_REASONS} (one a
 * line), {@code SCOREWATCH_RUN_ID} and {@code SCOREWATCH_SOURCE}. Of the service's own environment
 * it gets only the basics a program needs ({@link #BASICS}, {@code LC_*}) and the variables named
 * in {@code scorewatch.retraining.environment}: never the service's keys, passwords or secrets.
 * Its stdin is closed.
 */
@Component
class CommandTrigger {

    private static final Logger log = LoggerFactory.getLogger(CommandTrigger.class);

    /** Variables of the service's environment every command gets, when the service has them. */
    static final Set<String> BASICS = Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR",
            "TEMP", "TMP", "SYSTEMROOT", "SystemRoot");

    private final RetrainingProperties properties;
    private final Map<String, String> serviceEnvironment;
    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private final Set<Process> stoppedByService = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    @Autowired
    CommandTrigger(RetrainingProperties properties) {
        this(properties, System.getenv());
    }

    /** A trigger whose commands pick their variables from this environment instead of the service's. */
    CommandTrigger(RetrainingProperties properties, Map<String, String> serviceEnvironment) {
        this.properties = properties;
        this.serviceEnvironment = Map.copyOf(serviceEnvironment);
    }

    /** The part of the service's environment a command may see. */
    private Map<String, String> passedOn() {
        Map<String, String> passed = new HashMap<>();
        serviceEnvironment.forEach((name, value) -> {
            if (BASICS.contains(name) || name.startsWith("LC_") || properties.environment().contains(name)) {
                passed.put(name, value);
            }
        });
        return passed;
    }

    /** What the command learns of its run. */
    record Call(long runId, String model, String modelVersion, List<String> reasons, String source) {
    }

    TriggerResult run(Call call) {
        ProcessBuilder builder = new ProcessBuilder(properties.command());
        if (properties.workingDirectory() != null) {
            builder.directory(properties.workingDirectory().toFile());
        }
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(passedOn());
        environment.put("SCOREWATCH_MODEL", call.model());
        environment.put("SCOREWATCH_MODEL_VERSION", call.modelVersion() == null ? "" : call.modelVersion());
        environment.put("SCOREWATCH_REASONS", variable(String.join("\n", call.reasons())));
        environment.put("SCOREWATCH_RUN_ID", Long.toString(call.runId()));
        environment.put("SCOREWATCH_SOURCE", variable(call.source()));
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            return TriggerResult.failed("could not start " + properties.command().get(0) + ": " + e.getMessage());
        }
        live.add(process);
        if (stopping) {
            // stopAll ran between the start and now: it did not see this process
            stoppedByService.add(process);
            killTree(process.toHandle());
        }
        try {
            return await(call, process, started);
        } finally {
            live.remove(process);
            stoppedByService.remove(process);
        }
    }

    private TriggerResult await(Call call, Process process, long started) {
        log.info("Run {}: started {} (pid {}) for model {}", call.runId(), properties.command(), process.pid(),
                call.model());
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the command has no use for stdin either way
        }
        int limit = (int) properties.outputLimit().toBytes();
        OutputTail stdout = new OutputTail(limit);
        OutputTail stderr = new OutputTail(limit);
        Thread outReader = reader(process.getInputStream(), stdout, "retraining-" + call.runId() + "-stdout");
        Thread errReader = reader(process.getErrorStream(), stderr, "retraining-" + call.runId() + "-stderr");
        boolean exited = waitFor(process, properties.timeout().toMillis());
        int killed = 0;
        if (!exited) {
            killed = killTree(process.toHandle());
            waitFor(process, properties.killGrace().toMillis());
        }
        // a child that outlives the command may hold the pipes open: wait a little, then keep what came
        join(outReader);
        join(errReader);
        long millis = (System.nanoTime() - started) / 1_000_000;
        String out = stdout.text();
        String err = stderr.text();
        if (!exited) {
            log.warn("Run {}: still running after {}; killed {} processes", call.runId(), properties.timeout(), killed);
            return new TriggerResult(Outcome.TIMED_OUT, null, null, "still running after " + properties.timeout()
                    + " (scorewatch.retraining.timeout): killed with its process tree (" + killed + " processes)",
                    out, err);
        }
        int code = process.exitValue();
        if (stoppedByService.contains(process)) {
            return new TriggerResult(Outcome.FAILED, code, null,
                    "the service stopped during the run: killed with its process tree", out, err);
        }
        log.info("Run {}: exit code {} after {} ms", call.runId(), code, millis);
        return new TriggerResult(code == 0 ? Outcome.SUCCEEDED : Outcome.FAILED, code, null,
                "exit code " + code + " after " + millis + " ms", out, err);
    }

    /** Kills every command still running with its process tree (the service is stopping). */
    void stopAll() {
        stopping = true;
        for (Process process : live) {
            stoppedByService.add(process);
            int killed = killTree(process.toHandle());
            log.warn("The service is stopping: killed the retraining command (pid {}) and its tree, {} processes",
                    process.pid(), killed);
        }
    }

    /**
     * Kills a process and everything it started, top down: a process is killed right after its
     * children are listed, so it cannot start new ones, and its children are found even once
     * they are orphans. Answers how many processes were asked to die.
     */
    static int killTree(ProcessHandle root) {
        List<ProcessHandle> children = root.children().toList();
        int killed = root.destroyForcibly() ? 1 : 0;
        for (ProcessHandle child : children) {
            killed += killTree(child);
        }
        return killed;
    }

    /** An environment variable holds no NUL character: one in a reason becomes U+FFFD. */
    private static String variable(String value) {
        return value.replace('\0', '\uFFFD');
    }

    private static boolean waitFor(Process process, long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // workers are never interrupted (the service stops them by killing their commands);
            // should it happen, the command is treated as still running and killed
            return !process.isAlive();
        }
    }

    private void join(Thread reader) {
        try {
            reader.join(properties.killGrace().toMillis());
        } catch (InterruptedException e) {
            // see waitFor: keep what was read
        }
    }

    private static Thread reader(InputStream in, OutputTail tail, String name) {
        Thread thread = new Thread(() -> tail.drain(in), name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
