package io.scorewatch.bench;

/** Placeholder replaced by the statistics benchmark. */
final class KsBenchmark {
}
