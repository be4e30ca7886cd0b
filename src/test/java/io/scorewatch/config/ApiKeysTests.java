package io.scorewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ApiKeysTests {

    @TempDir
    Path data;

    static AccessProperties keys(List<String> ingest, List<String> viewer, List<String> admin) {
        return new AccessProperties(new AccessProperties.Keys(ingest, viewer, admin), false, List.of(), "default-src 'self'");
    }

    @Test
    void aKeyFindsItsRoleAndAnyOtherKeyNothing(CapturedOutput output) {
        ApiKeys keys = new ApiKeys(keys(List.of(), List.of("view-1"), List.of("admin-1", " admin-2 ")), data);

        assertThat(keys.find("admin-2")).hasValue(new ApiKeys.Holder(ApiKeys.Role.ADMIN, "admin-key-2"));
        assertThat(keys.find("view-1")).hasValue(new ApiKeys.Holder(ApiKeys.Role.VIEWER, "viewer-key-1"));
        assertThat(keys.find("admin-")).isEmpty();
        assertThat(keys.find("admin-1 ")).isEmpty();
        assertThat(keys.find("")).isEmpty();

        // the ingest role had none: one was generated and logged once, and it works
        Matcher generated = Pattern.compile("Using generated ingest key: (\\S+)").matcher(output.getOut());
        assertThat(generated.find()).isTrue();
        assertThat(keys.find(generated.group(1))).hasValue(new ApiKeys.Holder(ApiKeys.Role.INGEST, "ingest-key-1"));
        assertThat(generated.group(1)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(generated.find()).isFalse();
        assertThat(output.getOut()).doesNotContain("admin-1").doesNotContain("view-1");
    }

    @Test
    void aGeneratedKeyKeepsWorkingAfterARestartAndIsKeptOnlyHashed(CapturedOutput output) throws IOException {
        ApiKeys first = new ApiKeys(keys(List.of(), List.of(), List.of("admin-1")), data);
        Matcher generated = Pattern.compile("Using generated (ingest|viewer) key: (\\S+)").matcher(output.getOut());
        Map<String, String> plain = new HashMap<>();
        while (generated.find()) {
            plain.put(generated.group(1), generated.group(2));
        }
        assertThat(plain).containsOnlyKeys("ingest", "viewer");
        assertThat(first.find(plain.get("ingest"))).map(ApiKeys.Holder::role).hasValue(ApiKeys.Role.INGEST);
        int logged = output.getOut().length();

        // the next start of the service (same data folder) accepts the same keys and logs none
        ApiKeys second = new ApiKeys(keys(List.of(), List.of(), List.of("admin-1")), data);
        assertThat(second.find(plain.get("ingest"))).map(ApiKeys.Holder::role).hasValue(ApiKeys.Role.INGEST);
        assertThat(second.find(plain.get("viewer"))).map(ApiKeys.Holder::role).hasValue(ApiKeys.Role.VIEWER);
        assertThat(second.find("admin-1")).map(ApiKeys.Holder::role).hasValue(ApiKeys.Role.ADMIN);
        String afterRestart = output.getOut().substring(logged);
        assertThat(afterRestart).doesNotContain(plain.get("ingest")).doesNotContain(plain.get("viewer"))
                .contains("Using the generated ingest key kept (hashed)");

        Path file = data.resolve(ApiKeys.GENERATED_KEYS_FILE);
        String kept = Files.readString(file);
        assertThat(kept).doesNotContain(plain.get("ingest")).doesNotContain(plain.get("viewer")).doesNotContain("admin");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        // once the role has a configured key, the generated one no longer works and is forgotten
        ApiKeys configured = new ApiKeys(keys(List.of("ingest-1"), List.of(), List.of("admin-1")), data);
        assertThat(configured.find(plain.get("ingest"))).isEmpty();
        assertThat(configured.find(plain.get("viewer"))).isPresent();
        assertThat(Files.readString(file)).doesNotContain("ingest ").contains("viewer ");
    }
}
