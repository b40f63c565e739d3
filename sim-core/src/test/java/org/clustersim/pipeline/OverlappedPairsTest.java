package org.clustersim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Megatron-Core's overlapped 1F1B pairs ({@code overlap_moe_expert_parallel_comm}) on the event engine. */
class OverlappedPairsTest {

    private static final long F = 100;
    private static final long B_IN = 130;
    private static final long W = 70;

    private static PipelineTimeline run(PipelineSchedule schedule, int p, int v, int m, long fAndB) {
        return run(schedule, p, v, m, fAndB, 10);
    }

    private static PipelineTimeline run(PipelineSchedule schedule, int p, int v, int m, long fAndB, long transfer) {
        return PipelineSimulator.run(schedule, p, v, m, OpCosts.uniform(F, B_IN, W, fAndB, transfer));
    }

    /** Forward and backward halves of every op, by (chain, position, micro-batch), counted. */
    private static Map<String, Integer> halves(List<PipelineOp> ops) {
        Map<String, Integer> count = new HashMap<>();
        for (PipelineOp op : ops) {
            switch (op.kind()) {
                case F -> count.merge("F" + op.position() + "/" + op.microBatch(), 1, Integer::sum);
                case BW -> count.merge("B" + op.position() + "/" + op.microBatch(), 1, Integer::sum);
                case FB -> {
                    count.merge("F" + op.position() + "/" + op.microBatch(), 1, Integer::sum);
                    count.merge("B" + op.backwardPosition() + "/" + op.backwardMicroBatch(), 1, Integer::sum);
                }
                default -> throw new AssertionError("unexpected " + op);
            }
        }
        return count;
    }

    @Test
    void withoutPipeliningEachBackwardPairsWithTheNextForwardAsMegatronsCombined1F1B() {
        // combined_1f1b.py: mb 0 forward; then mb k-1 backward with mb k forward; then the last backward alone
        OneFOneBSchedule schedule = new OneFOneBSchedule(true);
        List<String> shape = new ArrayList<>();
        for (PipelineOp op : schedule.program(schedule.layout(1, 1, 4)).get(0)) {
            shape.add(op.toString());
        }
        assertThat(shape).containsExactly("F(0,0,0)", "FB(0,0,1)&B(0,0,0)", "FB(0,0,2)&B(0,0,1)",
                "FB(0,0,3)&B(0,0,2)", "BW(0,0,3)");
    }

    @ParameterizedTest
    @CsvSource({"2, 2, 2", "2, 2, 4", "4, 2, 4", "4, 2, 8", "4, 4, 16", "8, 4, 128", "8, 2, 24", "6, 3, 6"})
    void interleavedPairsRunEveryOpOnceNeverPairAMicroBatchWithItselfAndFinish(int p, int v, int m) {
        PipelineSchedule plain = new InterleavedOneFOneBSchedule();
        PipelineSchedule paired = new InterleavedOneFOneBSchedule(true);
        PipelineLayout layout = paired.layout(p, v, m);
        List<List<PipelineOp>> merged = paired.program(layout);
        List<List<PipelineOp>> original = plain.program(layout);
        int pairs = 0;
        for (int r = 0; r < p; r++) {
            assertThat(halves(merged.get(r))).isEqualTo(halves(original.get(r)));
            for (PipelineOp op : merged.get(r)) {
                if (op.kind() == OpKind.FB) {
                    pairs++;
                    assertThat(op.microBatch()).as(op.toString()).isNotEqualTo(op.backwardMicroBatch());
                }
            }
        }
        // m == p: every forward is warm-up, there is no steady state to pair
        assertThat(pairs > 0).isEqualTo(m > p);
        assertThat(run(paired, p, v, m, F + B_IN + W).makespanNs()).isPositive(); // no deadlock
    }

    @ParameterizedTest
    @CsvSource({"4, 2, 8", "4, 4, 16", "8, 4, 128", "8, 2, 24"})
    void overlappingHidesTimeAndAPairWithoutGainOnlyWaitsForItsInputs(int p, int v, int m) {
        long plain = run(new InterleavedOneFOneBSchedule(), p, v, m, 0).makespanNs();
        long noGain = run(new InterleavedOneFOneBSchedule(true), p, v, m, F + B_IN + W).makespanNs();
        long gain = run(new InterleavedOneFOneBSchedule(true), p, v, m, (F + B_IN + W) * 7 / 10).makespanNs();
        System.out.printf("p %d v %d m %d: plain %d, pairs without gain %d, pairs at 70%% %d%n", p, v, m, plain,
                noGain, gain);
        assertThat(gain).isLessThan(plain);
        // a pair starts when both halves' inputs are there: with transfers in between that waiting costs time
        assertThat(noGain).isGreaterThan(plain);
        // without transfers, a pair that costs what its halves cost only reorders the work
        assertThat(run(new InterleavedOneFOneBSchedule(true), p, v, m, F + B_IN + W, 0).makespanNs())
                .isEqualTo(run(new InterleavedOneFOneBSchedule(), p, v, m, 0, 0).makespanNs());
    }

    @Test
    void pairedSchedulesWarmUpWithOneMoreForwardAsMegatronCore() {
        // a plain steady state opens with a forward, so the plain program leads with warm-up + 1 forwards; the paired
        // one leads with its warm-up alone, which Megatron-Core makes one longer
        InterleavedOneFOneBSchedule interleaved = new InterleavedOneFOneBSchedule();
        PipelineLayout layout = interleaved.layout(4, 2, 8);
        assertThat(leadingForwards(new InterleavedOneFOneBSchedule(true).program(layout).get(0)))
                .isEqualTo(leadingForwards(interleaved.program(layout).get(0))).isEqualTo((4 - 1) * 2 + 4 + 1);
        OneFOneBSchedule oneFOneB = new OneFOneBSchedule();
        PipelineLayout linear = oneFOneB.layout(4, 1, 8);
        assertThat(leadingForwards(new OneFOneBSchedule(true).program(linear).get(1)))
                .isEqualTo(leadingForwards(oneFOneB.program(linear).get(1))).isEqualTo(4 - 1 - 1 + 1);
        assertThat(new OneFOneBSchedule(true).overlapsPairs()).isTrue();
        assertThat(interleaved.overlapsPairs()).isFalse();
    }

    private static int leadingForwards(List<PipelineOp> ops) {
        int n = 0;
        while (n < ops.size() && ops.get(n).kind() == OpKind.F) {
            n++;
        }
        return n;
    }
}
