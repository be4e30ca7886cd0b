package io.scorewatch.ingest;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;

interface RequestErrorRepository extends JpaRepository<RequestError, Long> {

    long countByModelAndOccurredAtGreaterThanEqualAndOccurredAtLessThan(String model, Instant from, Instant to);
}
