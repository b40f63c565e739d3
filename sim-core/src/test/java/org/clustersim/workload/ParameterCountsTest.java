package org.clustersim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.clustersim.workload.ModelShape.Norm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterCountsTest {

    /** Relative error of {@code actual} against a published {@code expected}, printed with its source. */
    static double relativeError(String what, double actual, double expected) {
        double error = (actual - expected) / expected;
        System.out.printf(Locale.ROOT, "%-58s computed %12.4f published %10.4f error %+.3f%%%n", what, actual / 1e9,
                expected / 1e9, 100 * error);
        return error;
    }

    @Test
    void aGptLayerIsTwelveTensorsAsMegatronStoresThem() {
        // query_key_value, dense, dense_h_to_4h, dense_4h_to_h: weight and bias each; two LayerNorms: scale and shift
        ModelShape gpt = Models.gpt3();
        long[] tensors = ParameterCounts.layerTensorParams(gpt, 0);
        assertThat(tensors).hasSize(12);
        long h = gpt.hidden();
        assertThat(tensors).contains(3 * h * h, 3 * h, h * h, 4 * h * h, 4 * h, h);
        assertThat(java.util.Arrays.stream(tensors).sum())
                .isEqualTo(ParameterCounts.layerParams(gpt, 0).nonExpertParams());
    }

    @Test
    void deepSeekV3MainModelMatchesPublishedCounts() {
        ParameterCounts c = ParameterCounts.of(Models.deepSeekV3());
        // A.1: 671B total (tech report abstract, README_WEIGHTS.md)
        assertThat(Math.abs(relativeError("DeepSeek-V3 total (A.1: 671B)", c.totalParams(), 671e9))).isLessThan(0.01);
        // A.1: README_WEIGHTS.md gives 36.7B activated, the most precise published figure; the shapes give 36.63B
        // with one 0.93B vocabulary table (the head) and 37.55B with both. We compare the FLOP-relevant count.
        assertThat(Math.abs(relativeError("DeepSeek-V3 activated (A.1 README_WEIGHTS: 36.7B)", c.activatedParams(),
                36.7e9))).isLessThan(0.01);
        // The tech report's "37B" is rounded to whole billions: our count must round to it.
        relativeError("DeepSeek-V3 activated (A.1 tech report: 37B, rounded)", c.activatedParams(), 37e9);
        assertThat(Math.round(c.activatedParams() / 1e9)).isEqualTo(37);
        relativeError("DeepSeek-V3 activated incl. embedding table (not a check)", c.activatedParamsWithEmbedding(),
                36.7e9);
        // README_WEIGHTS: 0.9B embedding and 0.9B output head
        assertThat(Math.round(c.embeddingParams() / 1e8)).isEqualTo(9);
        assertThat(Math.round(c.outputHeadParams() / 1e8)).isEqualTo(9);
    }

    @Test
    void deepSeekV3MtpModuleMatchesPublishedCounts() {
        ModelShape v3 = Models.deepSeekV3();
        ParameterCounts c = ParameterCounts.of(v3);
        // A.1 README_WEIGHTS: "11.5B unique parameters, excluding the shared 0.9B Embedding and 0.9B output Head"
        assertThat(Math.abs(relativeError("DeepSeek-V3 MTP unique (A.1: 11.5B)", c.mtpParams(), 11.5e9)))
                .isLessThan(0.01);
        // A.1: 685B on Hugging Face = 671B main + 14B MTP, the MTP module stored with its own embedding and head
        long onHuggingFace = c.totalParams() + c.mtpParamsWithSharedCopies(v3);
        assertThat(Math.abs(relativeError("DeepSeek-V3 on Hugging Face (A.1: 685B)", onHuggingFace, 685e9)))
                .isLessThan(0.01);
        // "14B" is 685 - 671, a difference of two figures rounded to 1B, so it is known only to +-1B
        double mtpWithCopies = c.mtpParamsWithSharedCopies(v3);
        relativeError("DeepSeek-V3 MTP with its copies (A.1: 14B = 685 - 671)", mtpWithCopies, 14e9);
        assertThat(mtpWithCopies).isBetween(13e9, 15e9);
    }

    @Test
    void deepSeekV2MatchesPublishedCounts() {
        ParameterCounts c = ParameterCounts.of(Models.deepSeekV2());
        // DeepSeek-V2 paper abstract: 236B total, 21B activated for each token
        assertThat(Math.abs(relativeError("DeepSeek-V2 total (paper: 236B)", c.totalParams(), 236e9)))
                .isLessThan(0.01);
        assertThat(Math.abs(relativeError("DeepSeek-V2 activated (paper: 21B)", c.activatedParams(), 21e9)))
                .isLessThan(0.01);
    }

    /**
     * SC'21 Table 1 (calibration-megatron-a100.md D.3). The table prints parameters rounded to one decimal (four
     * significant figures above 100B, integer at 1008), so the count from the shapes must lie within half a unit of
     * the last printed digit: 1.7 allows 1.65-1.75 (+-2.9%), 1008 allows +-0.05%.
     */
    @ParameterizedTest
    @CsvSource({"1.7, 24, 2304, 24, 0.1", "3.6, 32, 3072, 30, 0.1", "7.5, 32, 4096, 36, 0.1",
            "18.4, 48, 6144, 40, 0.1", "39.1, 64, 8192, 48, 0.1", "76.1, 80, 10240, 60, 0.1",
            "145.6, 96, 12288, 80, 0.1", "310.1, 128, 16384, 96, 0.1", "529.6, 128, 20480, 105, 0.1",
            "1008, 160, 25600, 128, 1"})
    void megatronRowsMatchTheirRoundedParameterCounts(double billions, int heads, int hidden, int layers,
            double lastDigit) {
        ParameterCounts c = ParameterCounts.of(Models.megatronGpt(heads, hidden, layers));
        relativeError("Megatron SC'21 h=" + hidden + " l=" + layers + " (D.3: " + billions + "B)", c.totalParams(),
                billions * 1e9);
        assertThat(Math.abs(c.totalParams() / 1e9 - billions)).isLessThanOrEqualTo(lastDigit / 2);
    }

    @Test
    void otherPresetsMatchTheirPublishedSizes() {
        // GPT-3 paper Table 2.1: 175.0B
        assertThat(Math.abs(relativeError("GPT-3 (paper: 175B)", ParameterCounts.of(Models.gpt3()).totalParams(),
                175e9))).isLessThan(0.01);
        // Llama 3 Herd paper: 8B, 70B, 405B (the names are the published sizes)
        assertThat(Math.abs(relativeError("Llama 3 8B", ParameterCounts.of(Models.llama3(32, 4096, 14336, 32))
                .totalParams(), 8e9))).isLessThan(0.01);
        assertThat(Math.abs(relativeError("Llama 3 70B", ParameterCounts.of(Models.llama3(80, 8192, 28672, 64))
                .totalParams(), 70e9))).isLessThan(0.01);
        assertThat(Math.abs(relativeError("Llama 3 405B", ParameterCounts.of(Models.llama3(126, 16384, 53248, 128))
                .totalParams(), 405e9))).isLessThan(0.01);
        // Mistral's announcement: 46.7B total, 12.9B used per token (counting the embedding table)
        ParameterCounts mixtral = ParameterCounts.of(Models.mixtral());
        assertThat(Math.abs(relativeError("Mixtral 8x7B total (Mistral: 46.7B)", mixtral.totalParams(), 46.7e9)))
                .isLessThan(0.01);
        assertThat(Math.abs(relativeError("Mixtral 8x7B active incl. embedding (Mistral: 12.9B)",
                mixtral.activatedParamsWithEmbedding(), 12.9e9))).isLessThan(0.01);
    }

    @Test
    void componentsAddUpToTheTotal() {
        for (ModelShape m : new ModelShape[] {Models.deepSeekV3(), Models.deepSeekV2(), Models.gpt3(),
                Models.mixtral()}) {
            ParameterCounts c = ParameterCounts.of(m);
            assertThat(c.embeddingParams() + c.outputHeadParams() + c.attentionParams() + c.denseFfnParams()
                    + c.sharedExpertParams() + c.routedExpertParams() + c.routerParams() + c.normParams())
                    .as(m.id()).isEqualTo(c.totalParams());
            long layers = 0;
            for (int i = 0; i < m.layers(); i++) {
                layers += ParameterCounts.layerParams(m, i).total();
            }
            assertThat(layers + c.embeddingParams() + c.outputHeadParams() + m.norm().params(m.hidden()))
                    .as(m.id()).isEqualTo(c.totalParams());
        }
    }

    /** Random shapes: whatever the shape, a model whose every expert is active activates all its parameters. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void whenEveryWeightIsUsedActivatedEqualsTotal(long seed) {
        Random random = new Random(seed);
        int heads = 1 << random.nextInt(6);
        int kvHeads = heads >> random.nextInt(Integer.numberOfTrailingZeros(heads) + 1);
        int hidden = heads * (16 + random.nextInt(64));
        int experts = 1 + random.nextInt(8);
        boolean tied = random.nextBoolean();
        FeedForward ffn = random.nextBoolean() ? new FeedForward.Dense(1 + random.nextInt(4 * hidden),
                random.nextBoolean())
                : new FeedForward.MixtureOfExperts(random.nextInt(3), 1 + random.nextInt(1000), experts,
                        random.nextInt(3), experts, 1 + random.nextInt(500), random.nextBoolean(), 0, 1);
        ModelShape m = new ModelShape("r", "random", 3 + random.nextInt(5), hidden,
                new Attention.MultiHead(heads, kvHeads, hidden / heads), ffn, 100 + random.nextInt(5000), tied,
                random.nextInt(64), random.nextBoolean(), random.nextBoolean() ? Norm.RMS_NORM : Norm.LAYER_NORM, 0);
        ParameterCounts c = ParameterCounts.of(m);
        assertThat(c.activatedParamsWithEmbedding()).isEqualTo(c.totalParams());
        assertThat(c.activatedParams()).isEqualTo(c.totalParams() - c.embeddingParams()
                + (tied ? (long) m.vocab() * m.hidden() : 0));
    }
}
