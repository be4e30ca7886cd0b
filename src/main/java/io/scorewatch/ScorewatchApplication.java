package io.scorewatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** scorewatch: monitors a credit-scoring model in production. */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class ScorewatchApplication {

    public static void main(String[] args) {
        SpringApplication.run(ScorewatchApplication.class, args);
    }
}
