package io.scorewatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The Kafka benchmark's broker, in a JVM of its own as a broker runs in production: an embedded
 * KRaft broker (one node) with the intake's topics. Its arguments: the file it writes its
 * bootstrap address to, the topics' partitions, and the broker's {@code compression.type}
 * ({@code producer} keeps batches as producers sent them). It stops when its standard input
 * closes, that is when the benchmark that started it ends.
 */
final class KafkaBrokerProcess {

    private KafkaBrokerProcess() {
    }

    public static void main(String[] args) throws IOException {
        int partitions = Integer.parseInt(args[1]);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, KafkaBenchmark.TOPIC,
                KafkaBenchmark.TOPIC + ".dlt", KafkaBenchmark.GROUND_TRUTH_TOPIC,
                KafkaBenchmark.GROUND_TRUTH_TOPIC + ".dlt");
        broker.brokerProperty("compression.type", args[2]);
        broker.afterPropertiesSet();
        try {
            Path address = Path.of(args[0]);
            Path written = Files.writeString(address.resolveSibling(address.getFileName() + ".tmp"),
                    broker.getBrokersAsString());
            Files.move(written, address, StandardCopyOption.ATOMIC_MOVE);
            while (System.in.read() >= 0) {
                // nothing is sent: the stream ends when the benchmark does
            }
        } finally {
            broker.destroy();
        }
    }
}
