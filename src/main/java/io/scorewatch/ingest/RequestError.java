package io.scorewatch.ingest;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A failed request of the model API, as it reported it. */
@Entity
@Table(name = "request_error")
class RequestError {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100)
    private String model;

    @Column(name = "error_type", nullable = false, length = 50)
    private String errorType;

    private Integer status;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    protected RequestError() {
    }

    RequestError(String model, String errorType, Integer status, Instant occurredAt, Instant receivedAt) {
        this.model = model;
        this.errorType = errorType;
        this.status = status;
        this.occurredAt = occurredAt;
        this.receivedAt = receivedAt;
    }

    Long id() {
        return id;
    }

    String model() {
        return model;
    }

    String errorType() {
        return errorType;
    }

    Integer status() {
        return status;
    }

    Instant occurredAt() {
        return occurredAt;
    }
}
