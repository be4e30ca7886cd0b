package io.scorewatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTests {

    @TempDir
    Path dir;

    @Test
    void theShippedConfigurationIsTheBuiltInDefault() throws IOException {
        String shipped = Files.readString(Path.of("config/models/credit-scoring.yaml"));
        String builtIn = new String(getClass().getResourceAsStream("/defaults/models/credit-scoring.yaml")
                .readAllBytes(), StandardCharsets.UTF_8);
        assertThat(builtIn).isEqualTo(shipped);
    }

    @Test
    void withoutAConfigFolderTheBuiltInCreditScoringModelApplies() {
        ModelRegistry registry = new ModelRegistry(new ModelRegistryProperties(dir.resolve("absent"), "credit-scoring"));
        ModelDefinition model = registry.defaultModel();

        assertThat(model.name()).isEqualTo("credit-scoring");
        assertThat(model.decisionThreshold()).isEqualTo(0.3282);
        assertThat(model.expectedPositiveRate()).isEqualTo(0.08);
        assertThat(model.highRiskProbability()).isEqualTo(0.6);
        assertThat(model.costs().falseNegative()).isEqualTo(10);
        assertThat(model.costs().falsePositive()).isEqualTo(1);
        assertThat(model.reference().targetColumn()).isEqualTo("target");
        assertThat(model.reference().probabilityColumn()).isEqualTo("probability");
    }

    @Test
    void modelsAreReadFromTheConfigFolderWithTypeOverrides() throws IOException {
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("models/scorecard.yaml"), """
                decision-threshold: 0.5
                expected-positive-rate: 0.1
                high-risk-probability: 0.7
                costs: {false-negative: 5, false-positive: 2}
                features:
                  REGION_CODE: categorical
                  AGE: NUMERICAL
                """);
        ModelRegistry registry = new ModelRegistry(new ModelRegistryProperties(dir, "scorecard"));

        ModelDefinition model = registry.get("scorecard");
        assertThat(model.features()).containsEntry("REGION_CODE", FeatureType.CATEGORICAL)
                .containsEntry("AGE", FeatureType.NUMERICAL);
        assertThat(model.decide(0.5)).isEqualTo(1);
        assertThat(model.decide(0.4999)).isZero();
        assertThat(registry.find("credit-scoring")).isEmpty();
        assertThatThrownBy(() -> registry.get("credit-scoring")).isInstanceOf(UnknownModelException.class);
    }

    @Test
    void anInvalidFileStopsStartUpNamingTheFileAndTheProblem() {
        assertThatThrownBy(() -> parse("decision-threshold: 1.5\nexpected-positive-rate: 0.1\n"
                + "high-risk-probability: 0.6\ncosts: {false-negative: 10, false-positive: 1}\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("decision-threshold must lie in (0, 1)");
        assertThatThrownBy(() -> parse("decision-threshold: 0.3\nexpected-positive-rate: 0.1\n"
                + "high-risk-probability: 0.6\n"))
                .hasMessageContaining("costs.false-negative and costs.false-positive are required");
        assertThatThrownBy(() -> parse("decision-threshold: [\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("line");
        assertThatThrownBy(() -> parse("decision-threshold: 0.3\nunknown-key: 1\n"))
                .hasMessageContaining("unknown-key");
        assertThatThrownBy(() -> parse("decision-threshold: 0.3\nexpected-positive-rate: 0.1\n"
                + "high-risk-probability: 0.6\ncosts: {false-negative: 10, false-positive: 1}\n"
                + "features: {X: ordinal}\n"))
                .hasMessageContaining("m.yaml");
    }

    private static final String VALID = "decision-threshold: 0.3\nexpected-positive-rate: 0.1\n"
            + "high-risk-probability: 0.6\ncosts: {false-negative: 10, false-positive: 1}\n";

    @Test
    void segmentsAreDeclaredInTheFileOrderWithTheirBound() {
        ModelDefinition model = ModelRegistry.parse(new ByteArrayInputStream((VALID + "segments:\n"
                + "  product:\n    feature: NAME_CONTRACT_TYPE\n  channel:\n    tag: channel\n    max-values: 3\n")
                .getBytes(StandardCharsets.UTF_8)), "m.yaml", "m", 20);
        assertThat(model.segments().keySet()).containsExactly("product", "channel");
        assertThat(model.segments().get("product")).isEqualTo(
                new SegmentDeclaration("product", SegmentDeclaration.Source.FEATURE, "NAME_CONTRACT_TYPE", 20));
        assertThat(model.segments().get("channel")).isEqualTo(
                new SegmentDeclaration("channel", SegmentDeclaration.Source.TAG, "channel", 3));
        assertThat(parse(VALID).segments()).isEmpty();
    }

    @Test
    void aSegmentMistakeStopsStartUpNamingTheFileAndTheLine() {
        assertThatThrownBy(() -> parse(VALID + "segments:\n  product:\n    feature: A\n    tag: b\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("line 9").hasMessageContaining("segments.product")
                .hasMessageContaining("exactly one of feature: NAME and tag: NAME");
        assertThatThrownBy(() -> parse(VALID + "segments:\n  product:\n    feature: A\n    max-values: 0\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("line ")
                .hasMessageContaining("max-values must lie in [1, 1000]");
        assertThatThrownBy(() -> parse(VALID + "segments:\n  product:\n    column: A\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("line 8").hasMessageContaining("segments.product");
        assertThatThrownBy(() -> parse(VALID + "segments:\n  Bad Key:\n    tag: a\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("segment key 'Bad Key'");
        assertThatThrownBy(() -> parse(VALID + "features: {AGE: numerical}\nsegments:\n  age:\n    feature: AGE\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("AGE is numerical");
    }

    @Test
    void aModelDeclaresAtMostFourSegmentKeys() {
        String four = "segments:\n  a:\n    tag: a\n  b:\n    tag: b\n  c:\n    tag: c\n  d:\n    tag: d\n";
        assertThat(parse(VALID + four).segments()).hasSize(SegmentDeclaration.MAX_KEYS);
        assertThatThrownBy(() -> parse(VALID + four + "  e:\n    tag: e\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("5 keys declared, at most 4");
    }

    @Test
    void gradesPerformanceWindowAndInitialAucAreRead() {
        ModelDefinition model = parse(VALID + "grades:\n  - {name: A, max-pd: 0.02}\n  - {name: B, max-pd: 0.1}\n"
                + "  - {name: C, max-pd: 1}\nperformance-window: P18M\ninitial-auc: 0.81\n");
        assertThat(model.grades()).containsExactly(new ModelDefinition.Grade("A", 0.02),
                new ModelDefinition.Grade("B", 0.1), new ModelDefinition.Grade("C", 1));
        assertThat(model.performanceWindow()).isEqualTo(java.time.Period.ofMonths(18));
        assertThat(model.initialAuc()).isEqualTo(0.81);
        ModelDefinition defaults = parse(VALID);
        assertThat(defaults.grades()).isEmpty();
        assertThat(defaults.performanceWindow()).isEqualTo(java.time.Period.ofMonths(12));
        assertThat(defaults.initialAuc()).isNull();
    }

    @Test
    void aGradeMistakeStopsStartUpNamingTheFileAndTheLine() {
        assertThatThrownBy(() -> parse(VALID + "grades:\n  - {name: A, max-pd: 0.2}\n  - {name: B, max-pd: 0.1}\n"
                + "  - {name: C, max-pd: 1}\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("line ").hasMessageContaining("grades")
                .hasMessageContaining("max-pd of B");
        assertThatThrownBy(() -> parse(VALID + "grades:\n  - {name: A, max-pd: 0.2}\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("line ").hasMessageContaining("must be 1");
        assertThatThrownBy(() -> parse(VALID + "grades:\n  - {name: A, max-pd: 0.2}\n  - {name: A, max-pd: 1}\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("given twice");
        assertThatThrownBy(() -> parse(VALID + "grades:\n  - {name: A, pd: 0.2}\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("line 6");
        assertThatThrownBy(() -> parse(VALID + "performance-window: 12 months\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("line 5")
                .hasMessageContaining("performance-window must be an ISO-8601 period");
        assertThatThrownBy(() -> parse(VALID + "performance-window: P0D\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("line 5");
        assertThatThrownBy(() -> parse(VALID + "initial-auc: 1.2\n"))
                .hasMessageContaining("m.yaml").hasMessageContaining("line 5")
                .hasMessageContaining("initial-auc must lie in [0, 1]");
    }

    @Test
    void theShippedModelDeclaresProductAndChannel() throws IOException {
        ModelDefinition model = new ModelRegistry(new ModelRegistryProperties(dir.resolve("absent"), "credit-scoring"))
                .get("credit-scoring");
        assertThat(model.segments().keySet()).containsExactly("product", "channel");
        assertThat(Files.readString(Path.of("config/models/credit-scoring.yaml"))).contains("feature: NAME_CONTRACT_TYPE");
    }

    @Test
    void theDefaultModelMustExist() throws IOException {
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("models/other.yaml"), "decision-threshold: 0.5\nexpected-positive-rate: 0.1\n"
                + "high-risk-probability: 0.7\ncosts: {false-negative: 5, false-positive: 2}\n");
        assertThatThrownBy(() -> new ModelRegistry(new ModelRegistryProperties(dir, "credit-scoring")))
                .hasMessageContaining("scorewatch.default-model");
    }

    private static ModelDefinition parse(String yaml) {
        return ModelRegistry.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "m.yaml", "m");
    }
}
