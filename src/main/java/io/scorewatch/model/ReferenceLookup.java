package io.scorewatch.model;

import java.time.Instant;
import java.util.Optional;

/** The active reference dataset of a model, as the model registry shows it (implemented by the reference feature). */
public interface ReferenceLookup {

    Optional<ReferenceInfo> reference(String model);

    /** What the registry shows of a model's active reference dataset. */
    record ReferenceInfo(long id, Instant uploadedAt, long rows, int features, double targetRate,
            Double probabilityMean) {
    }
}
