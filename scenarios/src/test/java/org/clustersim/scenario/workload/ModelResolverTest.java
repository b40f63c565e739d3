package org.clustersim.scenario.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.clustersim.error.UserError;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.workload.Attention;
import org.clustersim.workload.FlopCounter;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.ParameterCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelResolverTest {

    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelResolver RESOLVER = new ModelResolver(CATALOG);

    @TempDir
    Path dir;

    private ModelShape fromFile(String model, String... overrides) throws Exception {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, "name: t\ncluster:\n  gpu: H800\n  nodes: 1\n" + model);
        return RESOLVER.resolve(new ScenarioLoader(CATALOG).load(file, List.of(overrides)));
    }

    private static double error(String what, double actual, double expected) {
        double e = (actual - expected) / expected;
        System.out.printf(Locale.ROOT, "%-48s computed %10.4f published %10.4f error %+.3f%%%n", what, actual / 1e9,
                expected / 1e9, 100 * e);
        return Math.abs(e);
    }

    @Test
    void everyPresetResolvesAndCitesItsSource() {
        assertThat(CATALOG.models().keySet()).containsExactlyInAnyOrder("deepseek-v3", "deepseek-v2", "llama3-405b",
                "llama3-70b", "llama3-8b", "gpt3-175b", "mixtral-8x7b");
        CATALOG.models().forEach((id, spec) -> {
            assertThat(spec.source()).as(id).isNotBlank();
            assertThat(RESOLVER.preset(id).id()).isEqualTo(id);
        });
    }

    /** The presets' published sizes; tolerance 1% except where the published figure is itself coarser. */
    @ParameterizedTest
    @CsvSource({"deepseek-v3, 671, 36.7", "deepseek-v2, 236, 21", "llama3-405b, 405, 0", "llama3-70b, 70, 0",
            "llama3-8b, 8, 0", "gpt3-175b, 175, 0"})
    void presetsMatchTheirPublishedParameterCounts(String id, double totalB, double activatedB) {
        ParameterCounts c = ParameterCounts.of(RESOLVER.preset(id));
        assertThat(error(id + " total", c.totalParams(), totalB * 1e9)).isLessThan(0.01);
        if (activatedB > 0) {
            assertThat(error(id + " activated", c.activatedParams(), activatedB * 1e9)).isLessThan(0.01);
        }
    }

    @Test
    void deepSeekV3PresetGivesTheIsca25FlopsAndTheMtpModule() {
        ModelShape v3 = RESOLVER.preset("deepseek-v3");
        FlopCounter.FlopsPerToken f = FlopCounter.perToken(v3, 4096);
        double perGpuTokens = 272.80e9 / 86400 / 2048;
        // deepseek-v3.md A.6: 385 / 432 TFLOP/s at 1,542 tokens/s per GPU
        assertThat(error("deepseek-v3 causal GFLOPs/token", f.trainingFlopsPerToken(true), 385e12 / perGpuTokens))
                .isLessThan(0.05);
        assertThat(error("deepseek-v3 non-causal GFLOPs/token", f.trainingFlopsPerToken(false),
                432e12 / perGpuTokens)).isLessThan(0.05);
        assertThat(error("deepseek-v3 MTP unique (A.1: 11.5B)", ParameterCounts.of(v3).mtpParams(), 11.5e9))
                .isLessThan(0.01);
        // Mixtral: Mistral counts the embedding table in its 12.9B
        ParameterCounts mixtral = ParameterCounts.of(RESOLVER.preset("mixtral-8x7b"));
        assertThat(error("mixtral-8x7b total", mixtral.totalParams(), 46.7e9)).isLessThan(0.01);
        assertThat(error("mixtral-8x7b active", mixtral.activatedParamsWithEmbedding(), 12.9e9)).isLessThan(0.01);
    }

    @Test
    void presetWithOverridesAndFullShapes() throws Exception {
        ModelShape half = fromFile("model:\n  preset: llama3-8b\n  layers: 16\n");
        assertThat(half.layers()).isEqualTo(16);
        assertThat(half.attention().kind()).isEqualTo(Attention.Kind.GQA);
        assertThat(half.id()).isEqualTo("llama3-8b");
        ModelShape custom = fromFile("model:\n  name: tiny\n  layers: 2\n  hidden: 256\n  heads: 4\n  ffnHidden: 1024\n"
                + "  vocab: 1000\n");
        assertThat(custom.attention()).isEqualTo(new Attention.MultiHead(4, 4, 64));
        assertThat(fromFile("model:\n  preset: gpt3-175b\n", "model.layers=48").layers()).isEqualTo(48);
    }

    @Test
    void unknownPresetIsLocatedWithDidYouMean() throws Exception {
        assertThatThrownBy(() -> fromFile("model: deepseek-v4\n")).isInstanceOf(ScenarioError.class)
                .hasMessageContaining("unknown model preset 'deepseek-v4'")
                .satisfies(e -> {
                    ScenarioError s = (ScenarioError) e;
                    assertThat(s.location().line()).isEqualTo(5);
                    assertThat(s.hint()).contains("did you mean 'deepseek-v3'");
                });
        assertThatThrownBy(() -> RESOLVER.preset("lama3-8b")).isInstanceOf(UserError.class)
                .satisfies(e -> assertThat(((UserError) e).hint()).contains("did you mean 'llama3-8b'"));
    }

    @Test
    void inconsistentShapesAreLocatedAtTheirKey() throws Exception {
        ScenarioError kv = (ScenarioError) org.assertj.core.api.Assertions.catchThrowable(() -> fromFile(
                "model:\n  preset: llama3-8b\n  kvHeads: 5\n"));
        assertThat(kv.location().line()).isEqualTo(7);
        assertThat(kv.getMessage()).contains("kvHeads 5 must divide heads 32");
        ScenarioError topK = (ScenarioError) org.assertj.core.api.Assertions.catchThrowable(() -> fromFile(
                "model:\n  preset: deepseek-v3\n  moe:\n    activeExperts: 300\n"));
        assertThat(topK.location().line()).isEqualTo(8);
        assertThat(topK.getMessage()).contains("activeExperts 300 must be between 1 and routedExperts 256");
        ScenarioError missing = (ScenarioError) org.assertj.core.api.Assertions.catchThrowable(() -> fromFile(
                "model:\n  name: x\n  layers: 2\n  heads: 4\n  vocab: 10\n  ffnHidden: 8\n"));
        assertThat(missing.getMessage()).contains("missing 'model.hidden'");
        ScenarioError mhaKv = (ScenarioError) org.assertj.core.api.Assertions.catchThrowable(() -> fromFile(
                "model:\n  preset: llama3-8b\n  attention: mha\n"));
        assertThat(mhaKv.getMessage()).contains("attention mha");
        assertThat(mhaKv.hint()).contains("gqa");
    }
}
