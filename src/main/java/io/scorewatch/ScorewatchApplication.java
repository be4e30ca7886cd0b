package io.scorewatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * scorewatch: monitors a credit-scoring model in production. Spring Boot's Kafka
 * auto-configuration is excluded: the Kafka intake configures its own beans, only with the
 * {@code kafka} profile (see {@code io.scorewatch.ingest.KafkaIntakeConfiguration}).
 */
@SpringBootApplication(exclude = { UserDetailsServiceAutoConfiguration.class, KafkaAutoConfiguration.class,
        KafkaMetricsAutoConfiguration.class })
@ConfigurationPropertiesScan
public class ScorewatchApplication {

    public static void main(String[] args) {
        SpringApplication.run(ScorewatchApplication.class, args);
    }
}
