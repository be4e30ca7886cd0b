package io.scorewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ApiKeysTests {

    @Test
    void aKeyFindsItsRoleAndAnyOtherKeyNothing(CapturedOutput output) {
        ApiKeys keys = new ApiKeys(new AccessProperties(new AccessProperties.Keys(List.of(), List.of("view-1"),
                List.of("admin-1", " admin-2 ")), false));

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
}
