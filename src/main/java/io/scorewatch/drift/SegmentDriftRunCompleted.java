package io.scorewatch.drift;

import io.scorewatch.segment.Segment;

/**
 * Published after every drift run of one segment value, for the per-segment alert rules. The
 * total's listeners of {@link DriftRunCompleted} never see a segment's run.
 *
 * @param segment the segment value the run is over
 * @param run     the run's outcome
 */
public record SegmentDriftRunCompleted(Segment segment, DriftRunCompleted run) {
}
