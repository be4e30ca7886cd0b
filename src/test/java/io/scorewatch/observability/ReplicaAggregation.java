package io.scorewatch.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule every query of the dashboard and of the alert rules follows so that it gives the same
 * figures with one replica as with several (each scraped as its own {@code instance}):
 * <ul>
 * <li>a counter (or a histogram's buckets) is read through {@code rate} or {@code increase} and
 * summed across instances, {@code sum by (labels) (rate(...))}, with no {@code instance} among the
 * labels;
 * <li>a figure every replica reads from the shared database (a {@code credit_scoring_*} gauge) or
 * from the broker (the consumer group's lag) is taken once, {@code max by (labels) (...)}, never
 * summed;
 * <li>any other gauge is the replica's own (JVM, jobs running on it): left per instance, or
 * aggregated by {@code instance}.
 * </ul>
 * The monitoring guide's own queries are kept as the guide writes them, and read per replica.
 */
final class ReplicaAggregation {

    /** What a meter is across replicas. */
    enum Kind {
        /** Counts events of one replica: summed across instances. */
        COUNTER,
        /** The same figure on every replica (from the database or the broker): taken once. */
        SHARED_GAUGE,
        /** The replica's own figure: per instance. */
        REPLICA_GAUGE
    }

    /**
     * The Kafka intake's meters, which only the {@code kafka} profile registers: the lag is the
     * consumer group's, read from the broker by every replica; the other two count one replica's
     * records.
     */
    static final Map<String, Kind> KAFKA_METERS = Map.of("scorewatch_kafka_consumer_lag", Kind.SHARED_GAUGE,
            "scorewatch_kafka_dead_letters_total", Kind.COUNTER, "scorewatch_kafka_batch_failures_total", Kind.COUNTER);

    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\\w+)$");
    private static final Pattern NAME = Pattern.compile("(?<![a-zA-Z0-9_:\"$.])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SUMMED = Pattern.compile("sum by \\(([^)]*)\\) \\((rate|increase)\\($");
    private static final Pattern TAKEN_ONCE = Pattern.compile("max by \\(([^)]*)\\) \\($");
    private static final Pattern AGGREGATED = Pattern.compile("\\b(sum|avg|max|min|count)(?: by \\(([^)]*)\\) \\(| ?\\()$");

    private ReplicaAggregation() {
    }

    /** Each exported series name of a Prometheus scrape with the kind of its meter. */
    static Map<String, Kind> kinds(String scrape) {
        Map<String, Kind> kinds = new LinkedHashMap<>(KAFKA_METERS);
        Matcher type = TYPE.matcher(scrape);
        while (type.find()) {
            String name = type.group(1);
            switch (type.group(2)) {
                case "counter" -> kinds.put(name, Kind.COUNTER);
                case "histogram" -> {
                    kinds.put(name + "_bucket", Kind.COUNTER);
                    kinds.put(name + "_count", Kind.COUNTER);
                    kinds.put(name + "_sum", Kind.COUNTER);
                }
                case "gauge" -> kinds.put(name, name.startsWith("credit_scoring_") ? Kind.SHARED_GAUGE
                        : KAFKA_METERS.getOrDefault(name, Kind.REPLICA_GAUGE));
                default -> kinds.put(name, Kind.REPLICA_GAUGE);
            }
        }
        return kinds;
    }

    /** What is wrong in the expression with several replicas; empty when nothing is. */
    static List<String> violations(String query, Map<String, Kind> kinds) {
        String expression = query.strip().replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")");
        List<String> violations = new ArrayList<>();
        Matcher name = NAME.matcher(expression);
        while (name.find()) {
            Kind kind = kinds.get(name.group());
            if (kind == null) {
                continue; // a function, keyword, label or a series no meter exports (up)
            }
            String before = expression.substring(0, name.start());
            String where = name.group() + " in " + expression;
            switch (kind) {
                case COUNTER -> {
                    Matcher summed = SUMMED.matcher(before);
                    if (!summed.find()) {
                        violations.add("counter not summed across instances (sum by (...) (rate|increase(...))): "
                                + where);
                    } else if (labels(summed.group(1)).contains("instance")) {
                        violations.add("counter summed per instance: " + where);
                    }
                }
                case SHARED_GAUGE -> {
                    Matcher once = TAKEN_ONCE.matcher(before);
                    if (!once.find()) {
                        violations.add("database gauge not taken once across instances (max by (...) (...)): "
                                + where);
                    } else if (labels(once.group(1)).contains("instance")) {
                        violations.add("database gauge taken per instance: " + where);
                    }
                }
                case REPLICA_GAUGE -> {
                    Matcher aggregated = AGGREGATED.matcher(before);
                    if (aggregated.find() && (aggregated.group(2) == null || !labels(aggregated.group(2)).contains("instance"))) {
                        violations.add("per-replica gauge aggregated across instances: " + where);
                    }
                }
            }
        }
        return violations;
    }

    private static List<String> labels(String list) {
        return List.of(list.replace(" ", "").split(","));
    }
}
