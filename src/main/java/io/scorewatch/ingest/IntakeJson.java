package io.scorewatch.ingest;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives the JSON mapper the intake's limits, so that readers check them while they read: a
 * prediction with too many features is refused at the first feature beyond the limit, not after
 * the whole body has been parsed.
 */
@Configuration(proxyBeanMethods = false)
class IntakeJson {

    @Bean
    JsonMapperBuilderCustomizer intakeLimits(IngestProperties limits) {
        return builder -> builder.defaultAttributes(builder.defaultAttributes()
                .withSharedAttribute(FeatureValues.MAX_FEATURES, limits.maxFeaturesPerPrediction()));
    }
}
