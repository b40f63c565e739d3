package org.clustersim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ModelCommandTest {

    static final Path DEEPSEEK = CommandTest.EXAMPLES.resolve("deepseek-v3-2048xH800.yaml");

    @Test
    void presetJsonHasTheContractFields() throws Exception {
        CliHarness.Outcome outcome = CliHarness.run("model", "deepseek-v3", "--json");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode json = new JsonMapper().readTree(outcome.out());
        // deepseek-v3.md A.1: 671B total, 36.7B activated (README_WEIGHTS), MTP 11.5B unique; A.6: ~250 / ~280 GFLOPs
        assertThat(json.get("totalParams").asDouble()).isBetween(671e9 * 0.99, 671e9 * 1.01);
        assertThat(json.get("activatedParams").asDouble()).isBetween(36.7e9 * 0.99, 36.7e9 * 1.01);
        assertThat(json.get("mtpParams").asDouble()).isBetween(11.5e9 * 0.99, 11.5e9 * 1.01);
        assertThat(json.get("sequenceLength").asInt()).isEqualTo(4096);
        double tokensPerGpuSecond = 272.80e9 / 86400 / 2048;
        assertThat(json.get("trainingFlopsPerTokenCausal").asDouble() / (385e12 / tokensPerGpuSecond))
                .isBetween(0.95, 1.05);
        assertThat(json.get("trainingFlopsPerTokenNonCausal").asDouble() / (432e12 / tokensPerGpuSecond))
                .isBetween(0.95, 1.05);
        assertThat(json.get("plans")).isEmpty();
    }

    @Test
    void seqChangesOnlyTheAttentionTerm() throws Exception {
        JsonMapper mapper = new JsonMapper();
        JsonNode at2k = mapper.readTree(CliHarness.run("model", "llama3-8b", "--seq", "2048", "--json").out());
        JsonNode at8k = mapper.readTree(CliHarness.run("model", "llama3-8b", "--seq", "8192", "--json").out());
        // 3 x 32 layers x 2 x 32 heads x (128 + 128) x keys; causal sees half the keys
        double perKey = 3 * 32 * 2.0 * 32 * 256;
        assertThat(at8k.get("trainingFlopsPerTokenNonCausal").asDouble()
                - at2k.get("trainingFlopsPerTokenNonCausal").asDouble()).isEqualTo(perKey * 6144);
        assertThat(at8k.get("trainingFlopsPerTokenCausal").asDouble()
                - at2k.get("trainingFlopsPerTokenCausal").asDouble()).isEqualTo(perKey * 3072);
        assertThat(at8k.get("totalParams").asLong()).isEqualTo(at2k.get("totalParams").asLong());
    }

    @Test
    void textOutputForAPreset() {
        CliHarness.Outcome outcome = CliHarness.run("model", "mixtral-8x7b");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("mixtral-8x7b: Mixtral 8x7B", "8 routed experts of 14336 (top-2)",
                "activated per token", "sequence length 4096 (default; pass --seq)", "arXiv 2401.04088");
    }

    @Test
    void scenarioPrintsMemoryPerPipelineRankAndFits() throws Exception {
        CliHarness.Outcome outcome = CliHarness.run("model", DEEPSEEK.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        System.out.println(outcome.out());
        assertThat(outcome.out()).contains("deepseek-v3: DeepSeek-V3", "plan for phase 'pre-training'",
                "120 micro-batches per step", "memory per GPU, GiB (capacity 80.0 on H800)", ": fits");
        JsonNode json = new JsonMapper().readTree(CliHarness.run("model", DEEPSEEK.toString(), "--json").out());
        JsonNode memory = json.get("plans").get(0).get("memory");
        assertThat(memory.get("fits").asBoolean()).isTrue();
        assertThat(memory.get("ranks")).hasSize(16);
        assertThat(memory.get("peakBytes").asDouble()).isLessThan(memory.get("capacityBytes").asDouble());
    }

    @Test
    void planThatDoesNotFitPrintsTheMemoryThenExitsTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gpt3.yaml");
        Files.writeString(file, "name: gpt3-dp\ncluster:\n  gpu: A100-80GB\n  node: dgx-a100\n  nodes: 8\n"
                + "model: gpt3-175b\nparallelism:\n  data: 64\ntraining:\n  phases:\n    - name: pre-training\n"
                + "      sequenceLength: 2048\n      globalBatch: 1536\n");
        CliHarness.Outcome outcome = CliHarness.run("model", file.toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(outcome.out()).contains("DOES NOT FIT");
        assertThat(outcome.err()).contains("gpt3.yaml:8:3: error: plan does not fit in GPU memory",
                "pipeline rank 0", "would fit with").doesNotContain("\tat ");
        CliHarness.Outcome validate = CliHarness.run("validate", file.toString());
        assertThat(validate.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(validate.err()).contains("plan does not fit in GPU memory");
    }

    @Test
    void validateChecksThePlanOfTheExample() {
        CliHarness.Outcome ok = CliHarness.run("validate", DEEPSEEK.toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("phase 'pre-training': plan fits");
        CliHarness.Outcome bad = CliHarness.run("validate", DEEPSEEK.toString(), "--set", "parallelism.expert=48");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(bad.err()).contains("--set parallelism.expert=48:1:26: error: 256 routed experts do not divide");
    }

    @Test
    void userMistakesAreExitTwo() {
        CliHarness.Outcome typo = CliHarness.run("model", "deepseek-v4");
        assertThat(typo.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(typo.err()).contains("unknown model preset or scenario file 'deepseek-v4'",
                "did you mean 'deepseek-v3'").doesNotContain("\tat ");
        CliHarness.Outcome seq = CliHarness.run("model", "llama3-8b", "--seq", "0");
        assertThat(seq.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(seq.err()).contains("sequence length must be >= 1");
        CliHarness.Outcome set = CliHarness.run("model", "llama3-8b", "--set", "layers=3");
        assertThat(set.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        CliHarness.Outcome noModel = CliHarness.run("model", CommandTest.EXAMPLES.resolve("minimal.yaml").toString());
        assertThat(noModel.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(noModel.err()).contains("has no model");
    }
}
