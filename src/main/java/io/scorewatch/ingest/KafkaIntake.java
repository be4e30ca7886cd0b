package io.scorewatch.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.support.KafkaHeaders;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka intake: batches of records from the predictions and ground-truth topics, each record
 * read as the HTTP intake reads one item and handed to the same intake services, so validation,
 * idempotency and meters are the HTTP ones.
 *
 * <p>A batch is handled in this order: records that are not JSON go to the dead-letter topic
 * (the topic's name plus {@code .dlt}), with the original key, value and headers and their
 * problem attached; the others go to one intake call, one transaction, which validates them as
 * it validates an HTTP batch. Should it refuse some, those go to the dead-letter topic with their
 * problems, and the rest go to the intake again. Only when this method returns does the
 * container commit the batch's offsets, so a batch is committed after its rows. A failure (the
 * database is down, the broker does not take a dead letter) is thrown: the container's error
 * handler retries the whole batch, and a retried batch stores nothing twice, because a
 * prediction without {@code prediction_id} gets one from its place in the log,
 * {@code kafka:<topic>:<partition>:<offset>}.
 */
final class KafkaIntake {

    /** Header of a dead letter: its problem, as the HTTP intake answers it (problem+json). */
    static final String PROBLEM_HEADER = "scorewatch-problem";

    private static final Logger log = LoggerFactory.getLogger(KafkaIntake.class);

    private final PredictionIntake predictions;
    private final GroundTruthIntake groundTruth;
    private final IngestProperties limits;
    private final JsonMapper json;
    private final KafkaTemplate<byte[], byte[]> deadLetters;
    private final KafkaIntakeProperties properties;
    private final Map<String, Counter> deadLetterCounts = new HashMap<>();

    KafkaIntake(PredictionIntake predictions, GroundTruthIntake groundTruth, IngestProperties limits, JsonMapper json,
            KafkaTemplate<byte[], byte[]> deadLetters, KafkaIntakeProperties properties, MeterRegistry registry) {
        this.predictions = predictions;
        this.groundTruth = groundTruth;
        this.limits = limits;
        this.json = json;
        this.deadLetters = deadLetters;
        this.properties = properties;
        for (String topic : List.of(properties.predictionsTopic(), properties.groundTruthTopic())) {
            deadLetterCounts.put(topic, Counter.builder("scorewatch.kafka.dead.letters")
                    .description("Records of a Kafka topic sent to its dead-letter topic").tag("topic", topic)
                    .register(registry));
        }
    }

    /** A record that reads as an item of the intake. */
    private record Item<T>(ConsumerRecord<byte[], byte[]> record, T request) {
    }

    /** A record that cannot be stored, and why. */
    private record DeadLetter(ConsumerRecord<byte[], byte[]> record, String detail, List<FieldProblem> problems) {
    }

    BatchMessageListener<byte[], byte[]> predictionListener() {
        return this::predictions;
    }

    BatchMessageListener<byte[], byte[]> groundTruthListener() {
        return this::groundTruth;
    }

    void predictions(List<ConsumerRecord<byte[], byte[]>> records) {
        handle(records, this::readPrediction, predictions::acceptBatch);
    }

    void groundTruth(List<ConsumerRecord<byte[], byte[]>> records) {
        handle(records, record -> readValue(record, GroundTruthRequest.class),
                requests -> groundTruth.accept(requests, true));
    }

    private <T> void handle(List<ConsumerRecord<byte[], byte[]>> records,
            Function<ConsumerRecord<byte[], byte[]>, T> reader, Consumer<List<T>> intake) {
        List<Item<T>> items = new ArrayList<>(records.size());
        List<DeadLetter> dead = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            T request;
            try {
                request = reader.apply(record);
            } catch (JacksonException | IllegalArgumentException unreadable) {
                dead.add(new DeadLetter(record, "The record could not be read; it was not stored.",
                        withoutIndex(InvalidRequestException.unreadableBody(unreadable).problems())));
                continue;
            }
            items.add(new Item<>(record, request));
        }
        send(dead);
        for (int from = 0; from < items.size(); from += limits.maxBatchItems()) {
            store(items.subList(from, Math.min(items.size(), from + limits.maxBatchItems())), intake);
        }
    }

    /**
     * Stores items in one intake call, which validates them. Should it refuse some, they go to the
     * dead-letter topic with their problems and the others are stored by another call: a batch
     * with no invalid record is validated once and stored at once.
     */
    private <T> void store(List<Item<T>> items, Consumer<List<T>> intake) {
        List<Item<T>> remaining = items;
        while (!remaining.isEmpty()) {
            try {
                intake.accept(remaining.stream().map(Item::request).toList());
                return;
            } catch (InvalidRequestException refused) {
                Map<Integer, List<FieldProblem>> byIndex = new LinkedHashMap<>();
                List<FieldProblem> general = new ArrayList<>();
                for (FieldProblem problem : refused.problems()) {
                    if (problem.index() != null && problem.index() >= 0 && problem.index() < remaining.size()) {
                        byIndex.computeIfAbsent(problem.index(), i -> new ArrayList<>())
                                .add(new FieldProblem(problem.field(), null, problem.message()));
                    } else {
                        general.add(problem);
                    }
                }
                List<DeadLetter> dead = new ArrayList<>();
                List<Item<T>> kept = new ArrayList<>();
                for (int i = 0; i < remaining.size(); i++) {
                    if (byIndex.isEmpty() || byIndex.containsKey(i)) {
                        List<FieldProblem> problems = byIndex.isEmpty() ? withoutIndex(general) : byIndex.get(i);
                        dead.add(new DeadLetter(remaining.get(i).record(), "The record is invalid; it was not stored.",
                                problems));
                    } else {
                        kept.add(remaining.get(i));
                    }
                }
                send(dead);
                remaining = kept;
            }
        }
    }

    /** A prediction; one without an id gets the id of its place in the log, so a redelivery is a duplicate. */
    private PredictionRequest readPrediction(ConsumerRecord<byte[], byte[]> record) {
        PredictionRequest request = readValue(record, PredictionRequest.class);
        if (request == null) {
            throw new IllegalArgumentException("the record is JSON null, not a prediction");
        }
        return request.predictionId() != null ? request
                : request.withPredictionId("kafka:" + record.topic() + ":" + record.partition() + ":" + record.offset());
    }

    private <T> T readValue(ConsumerRecord<byte[], byte[]> record, Class<T> type) {
        return json.readValue(value(record), type);
    }

    private static byte[] value(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            throw new IllegalArgumentException("the record has no value");
        }
        return record.value();
    }

    /**
     * Sends dead letters and waits for the broker to take them all: the batch's offsets are
     * committed only after that, so a dead letter is never lost (it may be sent twice, should the
     * batch be retried).
     */
    private void send(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> sent = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            ConsumerRecord<byte[], byte[]> record = letter.record();
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            headers.add(PROBLEM_HEADER, problemJson(letter));
            headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION,
                    ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
            headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
            headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, summary(letter).getBytes(StandardCharsets.UTF_8));
            sent.add(deadLetters.send(new ProducerRecord<>(properties.deadLetterTopic(record.topic()), null,
                    record.key(), record.value(), headers)));
            log.debug("Dead letter from {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    summary(letter));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while sending dead letters", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("The broker did not take " + letters.size() + " dead letters", e);
        }
        for (DeadLetter letter : letters) {
            Counter count = deadLetterCounts.get(letter.record().topic());
            if (count != null) {
                count.increment();
            }
        }
    }

    private byte[] problemJson(DeadLetter letter) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:scorewatch:problem:invalid-request");
        problem.put("title", "Invalid request");
        problem.put("status", 400);
        problem.put("detail", letter.detail());
        problem.put("errors", letter.problems());
        return json.writeValueAsBytes(problem);
    }

    private static String summary(DeadLetter letter) {
        StringBuilder text = new StringBuilder(letter.detail());
        for (FieldProblem problem : letter.problems()) {
            text.append(' ').append(problem.field()).append(": ").append(problem.message()).append(';');
        }
        return text.toString();
    }

    private static List<FieldProblem> withoutIndex(List<FieldProblem> problems) {
        return problems.stream().map(p -> new FieldProblem(p.field(), null, p.message())).toList();
    }
}
