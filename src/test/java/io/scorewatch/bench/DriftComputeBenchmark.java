package io.scorewatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import io.scorewatch.drift.DriftCompute;
import io.scorewatch.drift.DriftRunResponse.FeatureResult;
import io.scorewatch.reference.ReferenceData.NumericColumn;
import io.scorewatch.stats.SortedSample;

/**
 * The compute part of a drift run, without the service and its store: the per-feature tests of
 * 200 numerical features (KS statistic and p-value, PSI, normalised Wasserstein, missing share),
 * run in parallel as a drift run does, once the window's columns are in memory. The reference
 * (300,000 rows) is sorted, and a tied one compacted, once in setup, as the service keeps it; the
 * window (50,000 rows) is copied and sorted by every run.
 *
 * <p>The features mix what a production week looks like: most not drifted, some mildly shifted
 * (which puts the KS p-value in scipy's Smirnov-series range), a few strongly shifted, some
 * heavily tied (integer-valued) or skewed, and missing values on both sides. The run is
 * repeated and the median reported, with a digest of all results to compare code changes by.
 * Sizes: -Dbench.reference-rows, -Dbench.window-rows, -Dbench.features, -Dbench.repeats.
 */
final class DriftComputeBenchmark {

    /** What a feature's window looks like against its reference. */
    enum Kind {
        SAME, MILD, STRONG, INTEGER_SAME, INTEGER_MILD, SKEWED_SAME
    }

    /** One synthetic feature: kind, reference column and window column. */
    record Feature(Kind kind, NumericColumn reference, double[] window) {
    }

    private DriftComputeBenchmark() {
    }

    public static void main(String[] args) {
        int referenceRows = Integer.getInteger("bench.reference-rows", 300_000);
        int windowRows = Integer.getInteger("bench.window-rows", 50_000);
        int featureCount = Integer.getInteger("bench.features", 200);
        int repeats = Integer.getInteger("bench.repeats", 11);
        System.out.printf("== Drift compute benchmark: reference %,d rows x %d features, window %,d rows, "
                + "%d cores, heap %d MB%n", referenceRows, featureCount, windowRows,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        long setup = System.nanoTime();
        List<Feature> features = features(referenceRows, windowRows, featureCount, new SplittableRandom(20250101L));
        List<NumericColumn> references = features.stream().map(Feature::reference).toList();
        double[][] windows = features.stream().map(Feature::window).toArray(double[][]::new);
        System.out.printf("setup: %.1f s%n", (System.nanoTime() - setup) / 1e9);

        List<FeatureResult> results = null;
        double[] millis = new double[repeats];
        double[] cpuMillis = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long cpu = cpuTime();
            long start = System.nanoTime();
            results = DriftCompute.numerical(references, referenceRows, windows);
            millis[r] = (System.nanoTime() - start) / 1e6;
            cpuMillis[r] = (cpuTime() - cpu) / 1e6;
        }
        System.out.printf("runs (ms): %s%n", Arrays.toString(Arrays.stream(millis)
                .map(m -> Math.round(m * 10) / 10.0).toArray()));
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("drift run compute, %d features: median %.1f ms (min %.1f, max %.1f)%n", featureCount,
                sorted[repeats / 2], sorted[0], sorted[repeats - 1]);
        // CPU time of all threads: less sensitive than the wall time to other work on the machine
        double[] cpuSorted = cpuMillis.clone();
        Arrays.sort(cpuSorted);
        System.out.printf("CPU time per run: median %.1f ms (%.1f ms a feature)%n", cpuSorted[repeats / 2],
                cpuSorted[repeats / 2] / featureCount);

        for (Kind kind : Kind.values()) {
            double[][] ofKind = new double[0][];
            List<NumericColumn> kindReferences = new ArrayList<>();
            List<double[]> kindWindows = new ArrayList<>();
            for (Feature f : features) {
                if (f.kind() == kind) {
                    kindReferences.add(f.reference());
                    kindWindows.add(f.window());
                }
            }
            ofKind = kindWindows.toArray(ofKind);
            double best = Double.MAX_VALUE;
            for (int r = 0; r < 3; r++) {
                long start = System.nanoTime();
                DriftCompute.numerical(kindReferences, referenceRows, ofKind);
                best = Math.min(best, (System.nanoTime() - start) / 1e6);
            }
            System.out.printf("  %-13s %3d features: best %.1f ms%n", kind, ofKind.length, best);
        }
        long drifted = results.stream().filter(r -> r.pValue() != null && r.pValue() < 0.05).count();
        System.out.printf("p < 0.05: %d features; results digest %08x%n", drifted, digest(results));
        if (Boolean.getBoolean("bench.print")) {
            for (int k = 0; k < results.size(); k++) {
                FeatureResult r = results.get(k);
                System.out.printf("%s %s D=%s p=%s psi=%s w=%s%n", r.name(), features.get(k).kind(), r.statistic(),
                        r.pValue(), r.psi(), r.distance());
            }
        }
    }

    /** Per 20 features: 14 the same, 2 mild, 1 strong, 1 integer, 1 integer mild, 1 skewed. */
    static List<Feature> features(int referenceRows, int windowRows, int count, SplittableRandom random) {
        Kind[] cycle = {Kind.SAME, Kind.MILD, Kind.SAME, Kind.SAME, Kind.INTEGER_SAME, Kind.SAME, Kind.SAME,
                Kind.STRONG, Kind.SAME, Kind.SAME, Kind.MILD, Kind.SAME, Kind.SKEWED_SAME, Kind.SAME, Kind.SAME,
                Kind.INTEGER_MILD, Kind.SAME, Kind.SAME, Kind.SAME, Kind.SAME};
        List<Feature> features = new ArrayList<>(count);
        for (int f = 0; f < count; f++) {
            Kind kind = cycle[f % cycle.length];
            // a few features have missing values, a few more in the window than in the reference
            double referenceMissing = f % 5 == 0 ? 0.02 : 0.0;
            double windowMissing = f % 5 == 0 ? 0.03 : f % 7 == 0 ? 0.01 : 0.0;
            double shift = switch (kind) {
                case MILD -> 0.01 + 0.005 * (f % 4); // a production week: a hundredth of a sd or so
                case INTEGER_MILD -> 0.05;
                case STRONG -> 0.5;
                default -> 0.0;
            };
            double[] reference = column(kind, referenceRows, 0.0, referenceMissing, random);
            double[] window = column(kind, windowRows, shift, windowMissing, random);
            SortedSample sorted = SortedSample.sortInPlace(reference);
            features.add(new Feature(kind, new NumericColumn("f" + f, sorted.compacted(), sorted.missing()), window));
        }
        return features;
    }

    private static double[] column(Kind kind, int rows, double shift, double missing, SplittableRandom random) {
        double[] values = new double[rows];
        for (int i = 0; i < rows; i++) {
            if (random.nextDouble() < missing) {
                values[i] = Double.NaN;
                continue;
            }
            double g = gaussian(random) + shift;
            values[i] = switch (kind) {
                case INTEGER_SAME, INTEGER_MILD -> Math.floor(3 * g + 10); // counts: heavily tied
                case SKEWED_SAME -> Math.exp(g); // amounts
                default -> 50 + 10 * g;
            };
        }
        return values;
    }

    private static long cpuTime() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            total += Math.max(0, threads.getThreadCpuTime(id));
        }
        return total;
    }

    private static int digest(List<FeatureResult> results) {
        int hash = 1;
        for (FeatureResult r : results) {
            hash = 31 * hash + Objects.hash(r.name(), r.statistic(), r.pValue(), r.psi(), r.psiBand(), r.distance(),
                    r.referenceCount(), r.productionCount(), r.missing());
        }
        return hash;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
