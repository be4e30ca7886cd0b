package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.scorewatch.ScorewatchApplication;

/** The Kafka intake exists only with the {@code kafka} profile; Spring Boot's own Kafka beans never. */
class KafkaIntakeProfileTests {

    @Test
    void withoutTheKafkaProfileNoKafkaBeanExists() {
        new ApplicationContextRunner().withUserConfiguration(KafkaIntakeConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ConsumerFactory.class).doesNotHaveBean(KafkaTemplate.class)
                    .doesNotHaveBean(KafkaAdmin.class).doesNotHaveBean(MessageListenerContainer.class)
                    .doesNotHaveBean(KafkaIntake.class).doesNotHaveBean(KafkaLag.class);
        });
    }

    @Test
    void springBootsKafkaAutoConfigurationIsExcluded() {
        assertThat(ScorewatchApplication.class.getAnnotation(SpringBootApplication.class).exclude())
                .contains(KafkaAutoConfiguration.class, KafkaMetricsAutoConfiguration.class);
    }
}
