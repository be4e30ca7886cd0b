package io.scorewatch.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

/** The OpenAPI description at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI scorewatchApi() {
        return new OpenAPI().info(new Info().title("scorewatch API").version("v1")
                .description("Monitoring of a credit-scoring model: predictions, ground truth, metrics, drift,"
                        + " alerts. JSON in snake_case; errors are application/problem+json (RFC 9457)."));
    }

    /** Documents request and response fields in snake_case, as the API reads and writes them. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }
}
