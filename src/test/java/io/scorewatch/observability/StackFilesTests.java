package io.scorewatch.observability;

import static io.scorewatch.observability.PrometheusFilesTests.list;
import static io.scorewatch.observability.PrometheusFilesTests.map;
import static io.scorewatch.observability.PrometheusFilesTests.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of the Docker Compose stack agree with each other: everything {@code docker-compose.yml}
 * mounts or builds exists, images are pinned, services name each other correctly, and the Grafana
 * dashboard uses the provisioned datasource and only the panel types we support.
 */
class StackFilesTests {

    static final Path COMPOSE = Path.of("docker-compose.yml");
    static final Path DASHBOARD = Path.of("grafana/dashboards/credit-scoring.json");
    static final Path DATASOURCES = Path.of("grafana/provisioning/datasources");
    static final Path DASHBOARD_PROVIDERS = Path.of("grafana/provisioning/dashboards");
    static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "table");
    /** The monitoring guide's Grafana queries, which must stay unchanged. */
    static final List<String> GUIDE_QUERIES = List.of("rate(credit_scoring_requests_total[5m])",
            "credit_scoring_default_rate", "histogram_quantile(0.95, credit_scoring_response_seconds_bucket)",
            "credit_scoring_roc_auc");

    /** Prefix of the Kafka intake's series: per topic and partition, not per model. */
    static final String KAFKA_SERIES = "scorewatch_kafka_";

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyFileOrFolderTheComposeFileMountsOrBuildsExists() {
        Map<String, Map<String, Object>> services = services();
        assertThat(services).containsKeys("scorewatch", "postgres", "prometheus", "grafana", "mailpit");
        List<String> mounted = new ArrayList<>();
        services.forEach((name, service) -> {
            if (service.containsKey("build")) {
                Path context = Path.of(service.get("build") instanceof String s ? s
                        : (String) map(service.get("build")).getOrDefault("context", "."));
                assertThat(context.resolve("Dockerfile")).as(name + " Dockerfile").isRegularFile();
            }
            for (Mount mount : mounts(service)) {
                if (mount.isBind()) {
                    assertThat(Path.of(mount.source())).as(name + " mounts " + mount.source()).exists();
                    assertThat(mount.readOnly()).as(name + " mounts " + mount.source() + " read-only").isTrue();
                    mounted.add(Path.of(mount.source()).normalize().toString());
                }
            }
        });
        assertThat(mounted).contains("config", "prometheus", "grafana/dashboards",
                "grafana/provisioning/datasources", "grafana/provisioning/dashboards");
        assertThat(Path.of(".dockerignore")).isRegularFile();
    }

    @Test
    void everyImageIsPinnedToAVersion() throws IOException {
        Map<String, Map<String, Object>> services = services();
        services.forEach((name, service) -> {
            assertThat(service.containsKey("image") || service.containsKey("build")).as(name + " image or build")
                    .isTrue();
            if (service.containsKey("image")) {
                assertPinned(name, (String) service.get("image"));
            }
        });
        List<String> bases = new ArrayList<>();
        Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(Files.readString(Path.of("Dockerfile")));
        while (from.find()) {
            bases.add(from.group(1));
        }
        assertThat(bases).isNotEmpty().allSatisfy(image -> assertPinned("Dockerfile", image));
        assertThat(bases.get(bases.size() - 1)).as("the image scorewatch runs on")
                .matches("eclipse-temurin:17\\.[0-9._]+-jre.*");
    }

    @Test
    void everyServiceHasAHealthCheckAndNamedVolumesAreDeclared() {
        Map<String, Object> compose = yaml(COMPOSE);
        Set<String> declared = compose.containsKey("volumes") ? map(compose.get("volumes")).keySet() : Set.of();
        services().forEach((name, service) -> {
            assertThat(service).as(name + " healthcheck").containsKey("healthcheck");
            assertThat(list(map(service.get("healthcheck")).get("test"))).as(name + " healthcheck test")
                    .isNotEmpty();
            for (Mount mount : mounts(service)) {
                if (!mount.isBind()) {
                    assertThat(declared).as(name + " volume " + mount.source()).contains(mount.source());
                }
            }
        });
        assertThat(declared).contains("postgres-data", "prometheus-data", "grafana-data");
    }

    @Test
    void everyPublishedPortListensOnTheLoopbackOnly() {
        Map<String, Map<String, Object>> published = new LinkedHashMap<>();
        services().forEach((name, service) -> {
            for (Object port : list(service.getOrDefault("ports", List.of()))) {
                published.put(name + " " + port, service);
                assertThat(port).as(name + " publishes " + port).isInstanceOf(String.class);
                assertThat((String) port).as(name + " publishes " + port).matches("127\\.0\\.0\\.1:\\d+:\\d+");
            }
        });
        assertThat(published).isNotEmpty();
        assertThat(published.keySet()).anyMatch(port -> port.startsWith("grafana "))
                .anyMatch(port -> port.startsWith("prometheus ")).anyMatch(port -> port.startsWith("mailpit "));
    }

    @Test
    void noPasswordHasADefaultAndEachRequiredOneIsInTheEnvExample() throws IOException {
        Pattern required = Pattern.compile("\\$\\{([A-Z_]+):\\?[^}]+}");
        Set<String> requiredVariables = new HashSet<>();
        services().forEach((name, service) -> map(service.getOrDefault("environment", Map.of()))
                .forEach((variable, value) -> {
                    if (variable.contains("PASSWORD")) {
                        Matcher matcher = required.matcher(String.valueOf(value));
                        assertThat(matcher.matches()).as(name + " " + variable + " = " + value
                                + ": a password comes from .env, with no default").isTrue();
                        requiredVariables.add(matcher.group(1));
                    }
                }));
        assertThat(requiredVariables).contains("POSTGRES_PASSWORD", "GRAFANA_ADMIN_PASSWORD");
        String compose = Files.readString(COMPOSE);
        assertThat(compose).doesNotContainPattern("\\$\\{[A-Z_]*PASSWORD[A-Z_]*:-");
        List<String> example = Files.readAllLines(Path.of(".env.example"));
        for (String variable : requiredVariables) {
            assertThat(example).as(".env.example").contains(variable + "=");
        }
        assertThat(Files.readAllLines(Path.of(".gitignore"))).contains(".env");
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).doesNotContain("!.env");
    }

    @Test
    void generatedKeysAndSecretsLiveOnAVolumeOfTheirOwn() {
        Map<String, Map<String, Object>> services = services();
        assertThat(mounts(services.get("scorewatch"))).anySatisfy(mount -> {
            assertThat(mount.isBind()).isFalse();
            assertThat(mount.target()).isEqualTo("/app/data");
        });
    }

    @Test
    void scorewatchRunsOnPostgresqlAndMailsToTheMailCatcher() {
        Map<String, Map<String, Object>> services = services();
        Map<String, Object> environment = map(services.get("scorewatch").get("environment"));

        assertThat(environment.get("SPRING_PROFILES_ACTIVE")).isEqualTo("postgres");
        URI database = URI.create(((String) environment.get("SPRING_DATASOURCE_URL")).substring("jdbc:".length()));
        assertThat(database.getScheme()).isEqualTo("postgresql");
        assertThat(services).containsKey(database.getHost());
        Map<String, Object> postgres = map(services.get(database.getHost()).get("environment"));
        assertThat(database.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
        assertThat(environment.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(environment.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
        assertThat(services).containsKey((String) environment.get("SPRING_MAIL_HOST"));
        assertThat(environment).containsKey("SPRING_MAIL_PORT");
        assertThat(mounts(services.get("scorewatch"))).anySatisfy(mount -> {
            assertThat(Path.of(mount.source()).normalize()).isEqualTo(Path.of("config"));
            assertThat(mount.target()).isEqualTo("/app/config");
        });
    }

    @Test
    void prometheusScrapesScorewatchAndReadsTheMountedConfiguration() {
        Map<String, Map<String, Object>> services = services();
        Map<String, Object> prometheus = services.get("prometheus");
        String configFile = list(prometheus.get("command")).stream().map(String::valueOf)
                .filter(argument -> argument.startsWith("--config.file=")).findFirst().orElseThrow()
                .substring("--config.file=".length());
        assertThat(mounts(prometheus)).anySatisfy(mount -> {
            assertThat(Path.of(mount.source()).normalize()).isEqualTo(Path.of("prometheus"));
            assertThat(configFile).isEqualTo(mount.target() + "/prometheus.yml");
        });

        Map<String, Object> config = yaml(Path.of("prometheus/prometheus.yml"));
        Map<String, Object> job = list(config.get("scrape_configs")).stream().map(PrometheusFilesTests::map)
                .filter(j -> "scorewatch".equals(j.get("job_name"))).findFirst().orElseThrow();
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        // every replica is a target of its own: the name resolves to each replica's address
        assertThat(job).doesNotContainKey("static_configs");
        List<Object> discovery = list(job.get("dns_sd_configs"));
        assertThat(discovery).hasSize(1);
        Map<String, Object> dns = map(discovery.get(0));
        assertThat(dns.get("type")).isEqualTo("A");
        assertThat(dns.get("port")).isEqualTo(8080);
        assertThat(list(dns.get("names"))).containsExactly(REPLICA_ALIAS);
        assertThat(replicas(services)).as("services that run scorewatch").isNotEmpty()
                .allSatisfy(replica -> assertThat(aliases(services.get(replica))).as(replica + " aliases")
                        .contains(REPLICA_ALIAS));
        assertThat(services.values()).filteredOn(service -> aliases(service).contains(REPLICA_ALIAS))
                .as("only replicas carry the alias").hasSameSizeAs(replicas(services));
        assertThat(list(config.get("rule_files"))).containsExactly("rules/*.yml");
    }

    @Test
    void theDefaultProfileRunsOneReplicaAndTheKafkaProfileTwoBehindARoundRobinLoadBalancer() throws IOException {
        Map<String, Map<String, Object>> services = services();
        assertThat(replicas(inProfile(services, null))).containsExactly("scorewatch");
        List<String> replicas = replicas(inProfile(services, "kafka"));
        assertThat(replicas).containsExactly("scorewatch", "scorewatch-2");

        // the second replica is the first one's twin: same database, broker, mail, keys and data volume
        Map<String, Object> first = services.get("scorewatch");
        Map<String, Object> second = services.get("scorewatch-2");
        assertThat(second.get("environment")).isEqualTo(first.get("environment"));
        assertThat(second.get("volumes")).isEqualTo(first.get("volumes"));
        assertThat(second.get("healthcheck")).isEqualTo(first.get("healthcheck"));
        assertThat(second).doesNotContainKey("ports");
        // it starts once the first is healthy, so the first alone generates the shared key files
        assertThat(map(map(second.get("depends_on")).get("scorewatch")).get("condition"))
                .isEqualTo("service_healthy");

        Map<String, Object> balancer = services.get("load-balancer");
        assertThat(list(balancer.get("profiles"))).containsExactly("kafka");
        assertThat((String) balancer.get("image")).startsWith("nginx:");
        assertThat(map(balancer.get("depends_on")).keySet()).containsExactlyInAnyOrderElementsOf(replicas);
        Mount config = mounts(balancer).stream().filter(Mount::isBind).findFirst().orElseThrow();
        assertThat(config.target()).isEqualTo("/etc/nginx/conf.d/default.conf");
        String nginx = Files.readString(Path.of(config.source()));
        List<String> upstream = new ArrayList<>();
        Matcher server = Pattern.compile("(?m)^\\s*server\\s+([a-z0-9-]+):8080\\s*;").matcher(nginx);
        while (server.find()) {
            upstream.add(server.group(1));
        }
        // round-robin (nginx's default: no other balancing method) over exactly the replicas
        assertThat(upstream).containsExactlyElementsOf(replicas);
        assertThat(nginx).doesNotContainPattern("(?m)^\\s*(least_conn|ip_hash|hash|random)\\b");
        String published = (String) list(balancer.get("ports")).get(0);
        Matcher listen = Pattern.compile("(?m)^\\s*listen\\s+(\\d+)\\s*;").matcher(nginx);
        assertThat(listen.find()).as("nginx listens on a port").isTrue();
        assertThat(published).isEqualTo("127.0.0.1:8081:" + listen.group(1));
        // scorewatch bounds and streams its own bodies
        assertThat(nginx).contains("client_max_body_size 0;").contains("proxy_request_buffering off;");
    }

    @Test
    void grafanaProvisionsThePrometheusDatasourceAndTheDashboardFolder() {
        Map<String, Map<String, Object>> services = services();
        Map<String, Object> datasource = datasource();
        URI url = URI.create((String) datasource.get("url"));
        assertThat(datasource.get("type")).isEqualTo("prometheus");
        assertThat(services).containsKey(url.getHost());
        assertThat(url.getPort()).isEqualTo(9090);

        List<Object> providers = list(yaml(onlyYml(DASHBOARD_PROVIDERS)).get("providers"));
        assertThat(providers).hasSize(1);
        Map<String, Object> provider = map(providers.get(0));
        assertThat(provider.get("type")).isEqualTo("file");
        assertThat(provider.get("allowUiUpdates")).isEqualTo(false);
        String path = (String) map(provider.get("options")).get("path");
        assertThat(mounts(services.get("grafana"))).anySatisfy(mount -> {
            assertThat(Path.of(mount.source()).normalize()).isEqualTo(DASHBOARD.getParent());
            assertThat(mount.target()).isEqualTo(path);
        });
        assertThat(mounts(services.get("grafana"))).anySatisfy(mount -> {
            assertThat(Path.of(mount.source()).normalize()).isEqualTo(DATASOURCES);
            assertThat(mount.target()).isEqualTo("/etc/grafana/provisioning/datasources");
        });
    }

    @Test
    void theDashboardHasAFixedUidAndUsesOnlyTheProvisionedDatasource() {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        String datasourceUid = (String) datasource().get("uid");

        assertThat(dashboard.get("uid").asString()).isEqualTo("scorewatch-credit-scoring");
        assertThat(datasourceUid).isEqualTo("scorewatch-prometheus");
        List<JsonNode> datasources = dashboard.findValues("datasource");
        assertThat(datasources).isNotEmpty().allSatisfy(ds -> {
            assertThat(ds.get("type").asString()).isEqualTo("prometheus");
            assertThat(ds.get("uid").asString()).isEqualTo(datasourceUid);
        });
        JsonNode variable = dashboard.get("templating").get("list").get(0);
        assertThat(variable.get("name").asString()).isEqualTo("model");
        assertThat(variable.get("query").asString()).matches("label_values\\(credit_scoring_[a-z_]+, ?model\\)");
    }

    @Test
    void panelsAreTimeseriesStatOrTableWithUniqueIdsAndNoOverlap() {
        JsonNode panels = JSON.readTree(DASHBOARD.toFile()).get("panels");
        Set<Integer> ids = new HashSet<>();
        Map<String, int[]> boxes = new LinkedHashMap<>();
        for (JsonNode panel : panels) {
            String title = panel.get("title").asString();
            assertThat(panel.get("type").asString()).as(title).isIn(PANEL_TYPES);
            assertThat(ids.add(panel.get("id").asInt())).as(title + " id is unique").isTrue();
            assertThat(panel.get("targets")).as(title + " targets").isNotEmpty();
            JsonNode grid = panel.get("gridPos");
            int[] box = { grid.get("x").asInt(), grid.get("y").asInt(), grid.get("w").asInt(), grid.get("h").asInt() };
            assertThat(box[0] + box[2]).as(title + " fits the 24 columns").isLessThanOrEqualTo(24);
            boxes.forEach((other, b) -> assertThat(box[0] < b[0] + b[2] && b[0] < box[0] + box[2]
                    && box[1] < b[1] + b[3] && b[1] < box[1] + box[3]).as(title + " overlaps " + other).isFalse());
            boxes.put(title, box);
        }
    }

    @Test
    void theDashboardKeepsTheGuidesQueriesAndFiltersEveryOtherQueryByModel() {
        List<String> expressions = JSON.readTree(DASHBOARD.toFile()).findValuesAsString("expr");

        assertThat(expressions).containsAll(GUIDE_QUERIES);
        assertThat(expressions).filteredOn(expr -> !GUIDE_QUERIES.contains(expr) && !expr.contains(KAFKA_SERIES))
                .isNotEmpty().allSatisfy(expr -> assertThat(expr).contains("model=~\"$model\""));
        assertThat(expressions).filteredOn(expr -> expr.contains(KAFKA_SERIES))
                .contains("max by (topic, partition) (scorewatch_kafka_consumer_lag)");
    }

    /**
     * Every gauge the credit validation registers (the meter names in {@code CreditGauges} and
     * {@code OverrideGauges}) has a panel, read through {@code max by (model, ...)}: the gauges
     * come from the shared store, so each replica exports a copy (NaN on the replicas that did not
     * run the refresh) and the max counts each once.
     */
    @Test
    void everyCreditGaugeHasAPanelThatReadsItOncePerReplicaSet() throws IOException {
        Pattern meter = Pattern.compile("\"(credit_scoring_[a-z0-9_]+)\"");
        Set<String> gauges = new java.util.TreeSet<>();
        for (String source : List.of("CreditGauges.java", "OverrideGauges.java")) {
            Matcher names = meter.matcher(Files.readString(Path.of("src/main/java/io/scorewatch/credit", source)));
            while (names.find()) {
                gauges.add(names.group(1));
            }
        }
        assertThat(gauges).contains("credit_scoring_grade_traffic_light", "credit_scoring_override_rate",
                "credit_scoring_challenger_auc_difference");
        List<String> expressions = JSON.readTree(DASHBOARD.toFile()).findValuesAsString("expr");
        for (String gauge : gauges) {
            assertThat(expressions).as(gauge).filteredOn(expr -> expr.contains(gauge)).isNotEmpty()
                    .allSatisfy(expr -> assertThat(expr).as(gauge).matches(
                            "max by \\(model(, [a-z_]+)*\\) \\(" + gauge + "\\{model=~\"\\$model\"\\}\\)"));
        }
    }

    @Test
    void kafkaIsAKraftBrokerUnderTheKafkaProfileThatScorewatchCanReach() {
        Map<String, Map<String, Object>> services = services();
        Map<String, Object> kafka = services.get("kafka");
        assertThat(kafka).as("kafka service").isNotNull();
        assertThat(list(kafka.get("profiles"))).containsExactly("kafka");
        assertThat(services.keySet()).noneMatch(name -> name.contains("zookeeper"));
        Map<String, Object> environment = map(kafka.get("environment"));
        assertThat(String.valueOf(environment.get("KAFKA_PROCESS_ROLES"))).isEqualTo("broker,controller");
        assertThat(list(kafka.get("ports"))).isNotEmpty()
                .allSatisfy(port -> assertThat(String.valueOf(port)).startsWith("127.0.0.1:"));

        // scorewatch reaches the broker on the listener it advertises inside the compose network
        Map<String, Object> scorewatch = map(services.get("scorewatch").get("environment"));
        String bootstrap = (String) scorewatch.get("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(String.valueOf(environment.get("KAFKA_ADVERTISED_LISTENERS"))).contains("://" + bootstrap);
        assertThat(bootstrap).startsWith("kafka:");
        assertThat(String.valueOf(scorewatch.get("SPRING_PROFILES_INCLUDE"))).contains("SCOREWATCH_PROFILES");
    }

    private static void assertPinned(String where, String image) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        assertThat(colon).as(where + ": " + image + " has a tag").isGreaterThan(slash);
        String tag = name.substring(colon + 1);
        assertThat(tag).as(where + ": " + image + " tag").isNotEmpty().isNotEqualTo("latest").containsPattern("[0-9]");
    }

    private static Map<String, Object> datasource() {
        List<Object> datasources = list(yaml(onlyYml(DATASOURCES)).get("datasources"));
        assertThat(datasources).hasSize(1);
        return map(datasources.get(0));
    }

    private static Path onlyYml(Path dir) {
        List<String> files = PrometheusFilesTests.ymlFiles(dir);
        assertThat(files).hasSize(1);
        return Path.of(files.get(0));
    }

    /** The network alias of every scorewatch replica, which Prometheus resolves to find them. */
    static final String REPLICA_ALIAS = "scorewatch-replica";

    /** The services that run scorewatch (built from this repository), in file order. */
    private static List<String> replicas(Map<String, Map<String, Object>> services) {
        return services.entrySet().stream().filter(entry -> entry.getValue().containsKey("build"))
                .map(Map.Entry::getKey).toList();
    }

    /** The services compose starts with the profile (null: none), as {@code --profile} selects them. */
    private static Map<String, Map<String, Object>> inProfile(Map<String, Map<String, Object>> services,
            String profile) {
        Map<String, Map<String, Object>> started = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            List<Object> profiles = service.containsKey("profiles") ? list(service.get("profiles")) : List.of();
            if (profiles.isEmpty() || profiles.contains(profile)) {
                started.put(name, service);
            }
        });
        return started;
    }

    private static List<Object> aliases(Map<String, Object> service) {
        if (!(service.get("networks") instanceof Map<?, ?> networks)
                || !(networks.get("default") instanceof Map<?, ?> network)) {
            return List.of();
        }
        return list(network.get("aliases"));
    }

    private static Map<String, Map<String, Object>> services() {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        map(yaml(COMPOSE).get("services")).forEach((name, service) -> services.put(name, map(service)));
        return services;
    }

    /** A volume of a service in the short syntax: {@code source:target[:mode]}. */
    record Mount(String source, String target, boolean readOnly) {

        boolean isBind() {
            return source.startsWith(".") || source.startsWith("/");
        }
    }

    private static List<Mount> mounts(Map<String, Object> service) {
        List<Mount> mounts = new ArrayList<>();
        for (Object volume : list(service.getOrDefault("volumes", List.of()))) {
            String[] parts = ((String) volume).split(":");
            assertThat(parts.length).as(volume.toString()).isBetween(2, 3);
            mounts.add(new Mount(parts[0], parts[1], parts.length == 3 && parts[2].contains("ro")));
        }
        return mounts;
    }
}
