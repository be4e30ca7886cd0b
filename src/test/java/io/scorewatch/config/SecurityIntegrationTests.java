package io.scorewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;

/** Keys and roles on the running service: who may do what, and the answers to those who may not. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityIntegrationTests {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
    }

    @LocalServerPort
    int port;

    static final String PREDICTION = "{\"probability\": 0.2, \"features\": {\"x\": 1}}";

    @ParameterizedTest(name = "{0} {1} with the {2} key -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            POST | /api/v1/predictions                         | ingest | 202
            POST | /api/v1/predictions                         | admin  | 202
            POST | /api/v1/predictions                         | viewer | 403
            POST | /api/v1/predictions                         | none   | 401
            POST | /api/v1/predictions                         | wrong  | 401
            POST | /api/v1/request-errors                      | ingest | 202
            GET  | /api/v1/models                              | viewer | 200
            GET  | /api/v1/models                              | admin  | 200
            GET  | /api/v1/models                              | ingest | 403
            GET  | /api/v1/models                              | none   | 401
            GET  | /api/v1/alerts                              | viewer | 200
            GET  | /api/v1/job-runs                            | viewer | 200
            GET  | /v3/api-docs                                | viewer | 200
            POST | /api/v1/models/credit-scoring/monitoring-runs | viewer | 403
            POST | /api/v1/models/credit-scoring/monitoring-runs | ingest | 403
            POST | /api/v1/models/credit-scoring/monitoring-runs | admin  | 201
            POST | /api/v1/alert-rules/reload                  | viewer | 403
            POST | /api/v1/alert-rules/reload                  | admin  | 200
            PUT  | /api/v1/models/credit-scoring/reference     | ingest | 403
            GET  | /actuator/health                            | none   | 200
            GET  | /actuator/prometheus                        | none   | 200
            GET  | /actuator/env                               | none   | 401
            GET  | /actuator/env                               | admin  | 403
            GET  | /actuator/beans                             | admin  | 403
            """)
    void eachRoleMayDoWhatItIsFor(String method, String path, String who, int status) throws Exception {
        String key = switch (who) {
            case "ingest" -> Api.INGEST_KEY;
            case "viewer" -> Api.VIEWER_KEY;
            case "admin" -> Api.ADMIN_KEY;
            case "wrong" -> "not-a-key";
            default -> null;
        };
        Api api = new Api(port, key);
        Api.Answer answer = switch (method) {
            case "POST" -> path.contains("request-errors")
                    ? api.postJson(path, "{\"error_type\": \"prediction\", \"status\": 500}")
                    : api.postJson(path, path.endsWith("predictions") ? PREDICTION : "");
            case "PUT" -> api.put(path, "text/csv", "x,target,probability\n1,0,0.1\n");
            default -> api.get(path);
        };
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        if (status == 401 || status == 403) {
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().get("status").asInt()).isEqualTo(status);
            assertThat(answer.json().get("detail").asString()).isNotBlank();
            assertThat(answer.body()).doesNotContain("not-a-key");
        }
    }

    @Test
    void aBrowserIsAskedForTheKeyAndMaySendItAsTheBasicPassword() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> challenge = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Basic realm=\"scorewatch\""));

        String basic = Base64.getEncoder().encodeToString(("anyone:" + Api.VIEWER_KEY)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/models")).header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);

        String wrong = Base64.getEncoder().encodeToString("anyone:guess".getBytes(StandardCharsets.UTF_8));
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/models"))
                .header("Authorization", "Basic " + wrong).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/models"))
                .header("Authorization", "Basic %%%").build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
    }
}
