package org.clustersim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Megatron-Core layout strings read into units per chunk, and the plans that carry them. */
class PipelineLayoutStringTest {

    @Test
    void nemosDeepSeekV3LayoutIsOneLayerThenThirtyPairsThenMtp() {
        // Megatron-Bridge's H100 recipe: Et|(tt|)*30mL over pipeline 8 x virtual stages 4
        List<Integer> units = PipelineLayoutString.unitsPerChunk("Et|(tt|)*30mL", Models.deepSeekV3(), 32);
        List<Integer> expected = new ArrayList<>();
        expected.add(1);
        for (int i = 0; i < 30; i++) {
            expected.add(2);
        }
        expected.add(1); // the MTP module, with the head and loss
        assertThat(units).isEqualTo(expected);
        assertThat(units.stream().mapToInt(Integer::intValue).sum()).isEqualTo(61 + 1);
    }

    @Test
    void singleLetterRepeatsAndSpacesWork() {
        ModelShape gpt = Models.megatronGpt(32, 4096, 6);
        assertThat(PipelineLayoutString.unitsPerChunk("E t*2 | t*3 | tL", gpt, 3)).containsExactly(2, 3, 1);
        // a chunk may hold only the embedding
        assertThat(PipelineLayoutString.unitsPerChunk("E|t*6L", gpt, 2)).containsExactly(0, 6);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "Et*3|t*3L; 3; has 2 chunks, the plan 3",
        "t*3|t*3L; 2; does not start with the embedding",
        "Et*3|t*3; 2; does not end with the head and loss",
        "Et*3|t*2L; 2; holds 5 layers and 0 MTP modules, the model 6 and 0",
        "Et*3|tEt*2L; 2; puts the embedding (E) elsewhere",
        "Et*3L|t*3L; 2; puts the head and loss (L) elsewhere",
        "Et*3|(t*3L; 2; unclosed '('",
        "Et*3|t*3)L; 2; ')' without its '('",
        "Et*|t*3L; 2; '*' without a count",
        "Et*3|x*3L; 2; has 'x'",
        "Et*3|t*9999999L; 2; repeats something 9999999 times"})
    void mistakesNameWhatIsWrong(String layout, int chunks, String message) {
        ModelShape gpt = Models.megatronGpt(32, 4096, 6);
        WorkloadError e = catchThrowableOfType(WorkloadError.class,
                () -> PipelineLayoutString.unitsPerChunk(layout, gpt, chunks));
        assertThat(e).as(layout).isNotNull();
        assertThat(e.key()).isEqualTo("pipelineLayout");
        assertThat(e.getMessage()).contains(message);
        assertThat(e.hint()).isNotBlank();
    }

    @Test
    void mtpModulesComeAfterTheLayers() {
        WorkloadError e = catchThrowableOfType(WorkloadError.class,
                () -> PipelineLayoutString.unitsPerChunk("E" + "t".repeat(30) + "m|" + "t".repeat(31) + "L",
                        Models.deepSeekV3(), 2));
        assertThat(e.getMessage()).contains("after an MTP module");
    }

    @Test
    void aPlanWithALayoutSplitsUnevenInterleavedChunksThatItOtherwiseRefuses() {
        ModelShape v3 = Models.deepSeekV3();
        ParallelPlan even = interleaved("");
        ParallelPlan laidOut = interleaved("Et|(tt|)*30mL");
        WorkloadError refused = catchThrowableOfType(WorkloadError.class,
                () -> even.validate(v3, Models.cluster(Models.h800(), 128), null));
        assertThat(refused.key()).isEqualTo("virtualStages");
        assertThat(refused.hint()).contains("pipelineLayout");
        laidOut.validate(v3, Models.cluster(Models.h800(), 128), null);
        PipelineLayout layout = PipelineLayout.of(v3, laidOut);
        assertThat(layout.chunks()).hasSize(32);
        assertThat(layout.chunks().get(0).units()).isEqualTo(1);
        assertThat(layout.chunks().get(0).hasEmbedding()).isTrue();
        assertThat(layout.chunks().get(31).describe(v3)).isEqualTo("MTP + head");
        assertThat(layout.chunks().get(1).describe(v3)).isEqualTo("layers 1-2");
        assertThat(laidOut.describe()).contains("layout Et|(tt|)*30mL");
    }

    private static ParallelPlan interleaved(String layout) {
        return new ParallelPlan(2, 8, 4, 64, 64, 1, 1, 1, Schedule.INTERLEAVED_1F1B, Recompute.SELECTIVE,
                Precision.FP8, OptimizerMoments.FP32, 20, true, layout);
    }
}
