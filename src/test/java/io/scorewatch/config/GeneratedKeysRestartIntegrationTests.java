package io.scorewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.Api;

/**
 * A service without configured keys generates them, logs them once, and a restart on the same
 * data folder keeps them working: the model API does not get 401 after a reboot.
 */
@ExtendWith(OutputCaptureExtension.class)
class GeneratedKeysRestartIntegrationTests {

    static final Pattern GENERATED = Pattern.compile("Using generated (ingest|viewer|admin) key: (\\S+)");

    @TempDir
    Path data;

    @Test
    void generatedKeysKeepWorkingAfterARestartAndAreLoggedOnlyOnce(CapturedOutput output) throws Exception {
        Map<String, String> keys = new HashMap<>();
        try (ConfigurableApplicationContext first = start()) {
            Matcher generated = GENERATED.matcher(output.getOut());
            while (generated.find()) {
                keys.put(generated.group(1), generated.group(2));
            }
            assertThat(keys).containsOnlyKeys("ingest", "viewer", "admin");
            assertThat(new Api(port(first), keys.get("ingest")).postJson("/api/v1/predictions",
                    "{\"probability\": 0.2}").status()).isEqualTo(202);
        }
        int loggedBefore = output.getOut().length();

        try (ConfigurableApplicationContext second = start()) {
            int port = port(second);
            assertThat(new Api(port, keys.get("ingest")).postJson("/api/v1/predictions", "{\"probability\": 0.3}")
                    .status()).isEqualTo(202);
            assertThat(new Api(port, keys.get("viewer")).get("/api/v1/models").status()).isEqualTo(200);
            assertThat(new Api(port, keys.get("admin")).get("/api/v1/job-runs").status()).isEqualTo(200);
            assertThat(new Api(port, "some-other-key").get("/api/v1/models").status()).isEqualTo(401);
            String afterRestart = output.getOut().substring(loggedBefore);
            assertThat(GENERATED.matcher(afterRestart).find()).as("no key is generated or logged again").isFalse();
            for (String key : keys.values()) {
                assertThat(afterRestart).doesNotContain(key);
            }
        }
        String kept = Files.readString(data.resolve(ApiKeys.GENERATED_KEYS_FILE));
        for (String key : keys.values()) {
            assertThat(kept).doesNotContain(key);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ScorewatchApplication.class).run("--server.port=0",
                "--scorewatch.data-dir=" + data, "--scorewatch.security.keys.ingest=",
                "--scorewatch.security.keys.viewer=", "--scorewatch.security.keys.admin=");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
