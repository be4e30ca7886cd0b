package io.scorewatch.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.scorewatch.stats.KolmogorovSmirnov;
import io.scorewatch.stats.SortedSample;

/**
 * One drift run of the KS test: 200 features, each a 300,000-row reference (sorted once in
 * setup) against a 50,000-row window. The measured time includes copying and sorting every
 * window, as a real run must.
 *
 * <p>{@code drift=none} draws reference and window from the same distribution (p-values mostly
 * from the Pelz-Good branch); {@code drift=mild} shifts every window by 0.015 standard deviations,
 * which puts many features in the range where scipy's algorithm sums the Smirnov series
 * (2.2 <= n D^2 < 370), its most expensive branch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class KsBenchmark {

    static final int FEATURES = 200;
    static final int REFERENCE_ROWS = 300_000;
    static final int WINDOW_ROWS = 50_000;

    @Param({"none", "mild"})
    public String drift;

    private SortedSample[] references;
    private double[][] windows;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(20240611L);
        double shift = "mild".equals(drift) ? 0.015 : 0.0;
        references = new SortedSample[FEATURES];
        windows = new double[FEATURES][];
        for (int f = 0; f < FEATURES; f++) {
            double[] reference = new double[REFERENCE_ROWS];
            for (int i = 0; i < REFERENCE_ROWS; i++) {
                reference[i] = gaussian(random);
            }
            references[f] = SortedSample.sortInPlace(reference);
            double[] window = new double[WINDOW_ROWS];
            for (int i = 0; i < WINDOW_ROWS; i++) {
                window[i] = gaussian(random) + shift;
            }
            windows[f] = window;
        }
    }

    /** All features one after the other. */
    @Benchmark
    public void sequential(Blackhole blackhole) {
        for (int f = 0; f < FEATURES; f++) {
            blackhole.consume(KolmogorovSmirnov.test(references[f], windows[f]));
        }
    }

    /** All features on the common fork-join pool. */
    @Benchmark
    public List<KolmogorovSmirnov> parallel() {
        return IntStream.range(0, FEATURES).parallel()
                .mapToObj(f -> KolmogorovSmirnov.test(references[f], windows[f]))
                .toList();
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
