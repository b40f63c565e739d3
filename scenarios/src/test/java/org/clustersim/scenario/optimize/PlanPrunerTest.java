package org.clustersim.scenario.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.workload.MemoryModel;
import org.clustersim.workload.MemoryReport;
import org.clustersim.workload.OptimizerMoments;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.Precision;
import org.clustersim.workload.Recompute;
import org.clustersim.workload.Schedule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pruning reasons are the validator's own, counted by rule; and the facts the optimizer's shortcuts rely on hold for
 * the memory model and the rules as they are (if either changes, these fail before the optimizer goes wrong).
 */
class PlanPrunerTest {

    static OptimizeTarget small;
    static OptimizeTarget deepseek;

    @BeforeAll
    static void load() {
        ScenarioLoader loader = new ScenarioLoader();
        Scenario s = loader.load(PlanOptimizerBruteForceTest.SMALL, List.of());
        small = OptimizeTarget.of(s, loader.catalog(), null);
        deepseek = OptimizeTarget.of(loader.load(java.nio.file.Path.of("examples", "deepseek-v3-2048xH800.yaml"),
                List.of()), loader.catalog(), null);
    }

    static PlanPruner pruner(OptimizeTarget t) {
        return new PlanPruner(t.model(), t.cluster(), t.training(), new MemoryModel());
    }

    static ParallelPlan plan(int tensor, int pipeline, int virtual, int expert, int data, int context, int zero,
                             int micro, Schedule schedule, Recompute recompute) {
        return new ParallelPlan(tensor, pipeline, virtual, expert, data, context, zero, micro, schedule, recompute,
                Precision.BF16, OptimizerMoments.FP32, 0);
    }

    /**
     * A scenario's overlapForwardBackward reaches the plans where Megatron-Core can overlap 1F1B pairs (interleaved,
     * and 1F1B without pipelining) and leaves the others running theirs apart, so it prunes none of them.
     */
    @Test
    void overlappedPairsReachOnlyThePlansThatCanOverlapThem() {
        ScenarioLoader loader = new ScenarioLoader();
        OptimizeTarget t = OptimizeTarget.of(loader.load(PlanOptimizerBruteForceTest.SMALL,
                List.of("parallelism.overlapForwardBackward=true")), loader.catalog(), null);
        assertThat(t.fixed().overlapPairs()).isTrue();
        SearchSpace space = SearchSpace.of(t.model(), t.cluster(), t.training(), t.fixed(), SearchSpace.Limits.DEFAULT);
        ParallelPlan interleaved = space.plan(2, 2, new SearchSpace.ScheduleChoice(Schedule.INTERLEAVED_1F1B, 2), 1, 4,
                1, 1, 1, Recompute.NONE);
        ParallelPlan pipelined = space.plan(2, 2, new SearchSpace.ScheduleChoice(Schedule.ONE_F_ONE_B, 1), 1, 4, 1, 1,
                1, Recompute.NONE);
        ParallelPlan unpipelined = space.plan(2, 1, new SearchSpace.ScheduleChoice(Schedule.ONE_F_ONE_B, 1), 1, 8, 1,
                1, 1, Recompute.NONE);
        ParallelPlan dualpipe = space.plan(2, 2, new SearchSpace.ScheduleChoice(Schedule.DUALPIPE, 1), 1, 4, 1, 1, 1,
                Recompute.NONE);
        assertThat(interleaved.overlapPairs()).isTrue();
        assertThat(unpipelined.overlapPairs()).isTrue();
        assertThat(pipelined.overlapPairs()).isFalse();
        assertThat(dualpipe.overlapPairs()).isFalse();
        assertThat(space.describe()).anySatisfy(line -> assertThat(line).contains("overlapForwardBackward"));
    }

    /** Constructed plans, each broken in one known way, counted by reason: the counts are the ones constructed. */
    @Test
    void countsConstructedInvalidPlansByReason() {
        PlanPruner pruner = pruner(small);
        List<ParallelPlan> plans = new ArrayList<>();
        for (int zero = 0; zero < 3; zero++) {
            plans.add(plan(2, 2, 1, 3, 4, 1, zero, 1, Schedule.ONE_F_ONE_B, Recompute.NONE)); // 8 experts over 3
        }
        for (int micro : new int[] {3, 5}) { // 64 / 8 = 8 sequences per replica: not in micro-batches of 3 or 5
            plans.add(plan(1, 2, 1, 8, 8, 1, 1, micro, Schedule.ONE_F_ONE_B, Recompute.NONE));
        }
        plans.add(plan(1, 2, 1, 8, 8, 1, 1, 1, Schedule.DUALPIPE, Recompute.NONE)); // 8 micro-batches: fine
        plans.add(plan(1, 2, 1, 8, 8, 1, 1, 8, Schedule.DUALPIPE, Recompute.NONE)); // 1 micro-batch < 2 x 2
        plans.add(plan(1, 2, 3, 8, 8, 1, 1, 1, Schedule.INTERLEAVED_1F1B, Recompute.NONE)); // 8 layers / 6 chunks
        // 12.9B parameters unsharded at 16 bytes each: 207 GB per GPU
        plans.add(plan(1, 1, 1, 1, 16, 1, 0, 4, Schedule.ONE_F_ONE_B, Recompute.NONE));
        plans.add(plan(1, 1, 1, 1, 16, 1, 0, 2, Schedule.ONE_F_ONE_B, Recompute.NONE));
        plans.add(plan(1, 1, 1, 8, 16, 1, 1, 1, Schedule.ONE_F_ONE_B, Recompute.NONE)); // valid
        Map<String, Integer> counts = new LinkedHashMap<>();
        int valid = 0;
        for (ParallelPlan p : plans) {
            PlanPruner.Verdict v = pruner.check(p);
            if (v.valid()) {
                valid++;
                assertThat(v.memory().fits()).isTrue();
            } else {
                counts.merge(v.reason().label(), 1, Integer::sum);
                assertThat(v.message()).isNotBlank();
            }
        }
        System.out.println(counts);
        assertThat(valid).isEqualTo(2);
        assertThat(counts).containsEntry("expert: N routed experts do not divide evenly over expert N ranks", 3)
                .containsEntry("microBatch: N sequences per replica do not split into micro-batches of N", 2)
                .containsEntry("microBatch: dualpipe needs an even number of micro-batches, at least N x pipeline = "
                        + "N", 1)
                .containsEntry("virtualStages: N layers do not split into pipeline N x virtualStages N = N equal "
                        + "chunks", 1)
                .containsEntry("does not fit in GPU memory (80.0 GiB per H100)", 2)
                .hasSize(5);
    }

    @Test
    void labelsDropNumbersParenthesesAndHints() {
        assertThat(PlanPruner.label("tensor", "tensor 3 does not divide the 32 attention heads (x); use 1, 2"))
                .isEqualTo("tensor: tensor N does not divide the N attention heads");
        assertThat(PlanPruner.label("schedule", "interleaved-1f1b needs 2.5 more")).isEqualTo(
                "schedule: interleaved-1f1b needs N more");
    }

    /** The optimizer checks the rules once per plan and shares the verdict over ZeRO stages and recompute modes. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void rulesDoNotDependOnZeroOrRecompute(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PlanPruner pruner = pruner(deepseek);
        int[] degrees = {1, 2, 4, 8, 16, 32, 64};
        for (int i = 0; i < 200; i++) {
            int tensor = degrees[random.nextInt(4)];
            int pipeline = degrees[random.nextInt(6)];
            int context = degrees[random.nextInt(3)];
            int data = Math.max(1, 2048 / (tensor * pipeline * context));
            Schedule schedule = Schedule.values()[random.nextInt(5)];
            int virtual = schedule == Schedule.INTERLEAVED_1F1B ? 2 + random.nextInt(4) : 1;
            int expert = degrees[random.nextInt(7)] * (random.nextInt(5) == 0 ? 3 : 1);
            int micro = 1 + random.nextInt(8);
            String first = null;
            for (int zero = 0; zero < 4; zero++) {
                for (Recompute recompute : Recompute.values()) {
                    PlanPruner.Verdict v = pruner.checkRules(plan(tensor, pipeline, virtual, expert, data, context,
                            zero, micro, schedule, recompute));
                    String seen = v.valid() ? "valid" : v.message();
                    if (first == null) {
                        first = seen;
                    }
                    assertThat(seen).isEqualTo(first);
                }
            }
        }
    }

    /**
     * The optimizer infers fits along three monotone directions of the memory model: a larger micro-batch, a lower
     * ZeRO stage (of 0-2) or less recomputation never needs less memory. Checked on random DeepSeek-V3 and small-MoE
     * plans that pass the rules, on every pipeline rank's total.
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void memoryIsMonotoneWhereTheOptimizerInfers(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        MemoryModel memory = new MemoryModel();
        int checked = 0;
        for (OptimizeTarget t : List.of(deepseek, small)) {
            PlanPruner pruner = pruner(t);
            SearchSpace space = SearchSpace.of(t.model(), t.cluster(), t.training(), t.fixed(),
                    SearchSpace.Limits.DEFAULT);
            for (int i = 0; i < 300; i++) {
                int tensor = pick(random, space.tensor());
                int context = pick(random, space.context());
                int pipeline = pick(random, space.pipeline());
                if (t.gpus() % (tensor * context * pipeline) != 0) {
                    continue;
                }
                SearchSpace.ScheduleChoice schedule = pick(random, space.schedulesFor(pipeline));
                int expert = pick(random, space.expert());
                int data = t.gpus() / (tensor * context * pipeline);
                int mA = pick(random, space.microBatch());
                int mB = pick(random, space.microBatch());
                int zero = random.nextInt(3);
                Recompute recompute = Recompute.values()[random.nextInt(3)];
                ParallelPlan p = space.plan(tensor, pipeline, schedule, expert, data, context, zero, Math.min(mA, mB),
                        recompute);
                if (!pruner.checkRules(p).valid()) {
                    continue;
                }
                double base = peak(memory, t, p);
                ParallelPlan bigger = space.plan(tensor, pipeline, schedule, expert, data, context, zero,
                        Math.max(mA, mB), recompute);
                if (pruner.checkRules(bigger).valid()) {
                    assertThat(peakPerRank(memory, t, bigger, p)).as("micro-batch " + bigger.describe()).isTrue();
                }
                if (zero > 0) {
                    ParallelPlan lower = space.plan(tensor, pipeline, schedule, expert, data, context, zero - 1,
                            Math.min(mA, mB), recompute);
                    assertThat(peakPerRank(memory, t, lower, p)).as("zero " + lower.describe()).isTrue();
                }
                if (recompute != Recompute.NONE) {
                    ParallelPlan less = space.plan(tensor, pipeline, schedule, expert, data, context, zero,
                            Math.min(mA, mB), Recompute.values()[recompute.ordinal() - 1]);
                    assertThat(peakPerRank(memory, t, less, p)).as("recompute " + less.describe()).isTrue();
                }
                assertThat(base).isPositive();
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    private static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static double peak(MemoryModel memory, OptimizeTarget t, ParallelPlan p) {
        return memory.estimate(t.model(), p, t.cluster(), t.training()).peak().totalBytes();
    }

    /** Every pipeline rank of {@code more} needs at least what the same rank of {@code less} needs. */
    private static boolean peakPerRank(MemoryModel memory, OptimizeTarget t, ParallelPlan more, ParallelPlan less) {
        MemoryReport a = memory.estimate(t.model(), more, t.cluster(), t.training());
        MemoryReport b = memory.estimate(t.model(), less, t.cluster(), t.training());
        for (int r = 0; r < a.ranks().size(); r++) {
            if (a.ranks().get(r).totalBytes() < b.ranks().get(r).totalBytes() * (1 - 1e-12)) {
                return false;
            }
        }
        return true;
    }
}
