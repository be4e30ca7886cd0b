package io.scorewatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks: {@code ./mvnw -Pbench verify} (all), or one of them with
 * {@code -Dbench=intake|kafka|drift|compute|ks|metrics|summaries|retention|soak|load} (retention, soak and load are not
 * part of all: retention fills some 30 GB of PostgreSQL, soak runs 10 minutes, load is the load generator with its {@code load.*} settings, see {@link LoadGenerator}). Figures go to standard output; README keeps the latest.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "all" : args[0];
        List<String> known = List.of("all", "intake", "kafka", "ks", "drift", "compute", "metrics", "summaries",
                "retention", "soak", "load");
        if (!known.contains(which)) {
            throw new IllegalArgumentException("Unknown benchmark '" + which + "'; choose one of " + known);
        }
        if (which.equals("all") || which.equals("intake")) {
            IntakeBenchmark.main(new String[0]);
        }
        if (which.equals("all") || which.equals("kafka")) {
            KafkaBenchmark.main(new String[0]);
        }
        if (which.equals("all") || which.equals("drift")) {
            DriftBenchmark.main(new String[0]);
        }
        if (which.equals("all") || which.equals("compute")) {
            DriftComputeBenchmark.main(new String[0]);
        }
        if (which.equals("all") || which.equals("ks")) {
            new Runner(new OptionsBuilder().include(KsBenchmark.class.getSimpleName()).build()).run();
        }
        if (which.equals("all") || which.equals("metrics")) {
            MetricsBenchmark.main(new String[0]);
        }
        if (which.equals("all") || which.equals("summaries")) {
            SummariesBenchmark.main(new String[0]);
        }
        if (which.equals("retention")) {
            RetentionBenchmark.main(new String[0]);
        }
        if (which.equals("soak")) {
            SoakBenchmark.main(new String[0]);
        }
        if (which.equals("load")) {
            LoadGenerator.main(new String[0]);
        }
        System.exit(0);
    }

    /**
     * A temporary folder for a benchmark's store and files, deleted when the JVM exits: a drift
     * benchmark leaves some 5 GB otherwise.
     */
    static Path temporaryDirectory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                System.err.println("Could not delete " + dir + ": " + e.getMessage());
            }
        }));
        return dir;
    }

    /** Further arguments for the service under test, from a system property: separated by spaces. */
    static List<String> serviceArguments(String property) {
        String extra = System.getProperty(property, "").strip();
        return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    }
}
