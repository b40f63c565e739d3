package org.clustersim.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.clustersim.engine.SimTime;
import org.clustersim.pipeline.DualPipeSchedule;
import org.clustersim.pipeline.GPipeSchedule;
import org.clustersim.pipeline.InterleavedOneFOneBSchedule;
import org.clustersim.pipeline.OneFOneBSchedule;
import org.clustersim.pipeline.OpCosts;
import org.clustersim.pipeline.PipelineOp;
import org.clustersim.pipeline.PipelineSchedule;
import org.clustersim.pipeline.PipelineSimulator;
import org.clustersim.pipeline.PipelineTimeline;
import org.clustersim.pipeline.ProgramProfile;
import org.clustersim.pipeline.ZeroBubbleH1Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The step lower bound the plan search screens with: never above the simulated step, exact where the pipeline has
 * no idle time beyond warm-up and cool-down (1F1B with equal stages).
 */
class StepLowerBoundTest {

    private static List<StepSimulator.EndOfStep> tails(int ranks, double seconds) {
        List<StepSimulator.EndOfStep> out = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            out.add(new StepSimulator.EndOfStep(seconds * (r + 1) / ranks, seconds / 10));
        }
        return out;
    }

    /** The step as the step simulator computes it: latest rank end plus its end of step. */
    private static double simulatedStep(PipelineTimeline t, List<StepSimulator.EndOfStep> tails) {
        double worst = 0;
        for (int r = 0; r < t.ranks().size(); r++) {
            long end = 0;
            for (PipelineTimeline.Slot s : t.ranks().get(r)) {
                end = Math.max(end, s.endNs());
            }
            worst = Math.max(worst, tails.get(r).stepEndSeconds(SimTime.nsToSeconds(end)));
        }
        return worst;
    }

    @ParameterizedTest
    @CsvSource({"2, 2", "4, 8", "8, 20", "16, 120", "8, 13"})
    void oneFOneBWithEqualStagesIsExact(int p, int m) {
        OpCosts costs = OpCosts.uniform(100, 130, 70, 0, 0);
        List<StepSimulator.EndOfStep> none = tails(p, 0);
        double bound = StepLowerBound.seconds(ProgramProfile.of(new OneFOneBSchedule(), p, 1, m), costs, none);
        PipelineTimeline t = PipelineSimulator.run(new OneFOneBSchedule(), p, 1, m, costs);
        // (m + p - 1)(F + B): the published 1F1B step
        assertThat(SimTime.secondsToNs(bound)).isEqualTo((m + p - 1) * (100L + 130 + 70));
        assertThat(bound).isEqualTo(simulatedStep(t, none));
    }

    /**
     * Random per-position costs (first and last stages heavier, as with an embedding and a head), random transfers and
     * per-rank ends of step, on every schedule the search uses: the bound never exceeds the simulated step, and it is
     * not trivially loose (at least the busiest rank's work).
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void neverAboveTheSimulatedStep(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int p = 2 * (1 + random.nextInt(6));
        for (PipelineSchedule schedule : List.of(new GPipeSchedule(), new OneFOneBSchedule(),
                new InterleavedOneFOneBSchedule(), new ZeroBubbleH1Schedule(), new DualPipeSchedule(),
                new InterleavedOneFOneBSchedule(true), new OneFOneBSchedule(true))) {
            boolean interleaved = schedule instanceof InterleavedOneFOneBSchedule;
            int v = interleaved ? 2 + random.nextInt(3) : 1;
            int m = schedule instanceof DualPipeSchedule ? 2 * p + 2 * random.nextInt(8)
                    : interleaved ? p * (1 + random.nextInt(4))
                    : 1 + random.nextInt(40);
            int positions = p * v;
            long[] f = new long[positions];
            long[] b = new long[positions];
            long[] w = new long[positions];
            for (int i = 0; i < positions; i++) {
                double scale = i == 0 || i == positions - 1 ? 1.5 : 1;
                f[i] = (long) (scale * (50 + random.nextInt(100)));
                b[i] = (long) (scale * (50 + random.nextInt(150)));
                w[i] = (long) (scale * (20 + random.nextInt(80)));
            }
            long transfer = random.nextInt(30);
            double overlap = 0.6 + 0.4 * random.nextDouble();
            OpCosts costs = new OpCosts() {
                @Override
                public long forwardNs(int chain, int position) {
                    return f[position];
                }

                @Override
                public long backwardInputNs(int chain, int position) {
                    return b[position];
                }

                @Override
                public long backwardWeightNs(int chain, int position) {
                    return w[position];
                }

                @Override
                public long overlappedNs(int fChain, int fPosition, int bChain, int bPosition) {
                    return (long) (overlap * (f[fPosition] + b[bPosition] + w[bPosition]));
                }

                @Override
                public long transferNs(int chain, int fromPosition, int toPosition) {
                    return transfer;
                }
            };
            List<StepSimulator.EndOfStep> ends = tails(p, 1e-7 * random.nextInt(100));
            ProgramProfile profile = ProgramProfile.of(schedule, p, v, m);
            double bound = StepLowerBound.seconds(profile, costs, ends);
            double step = simulatedStep(PipelineSimulator.run(schedule, p, v, m, costs), ends);
            boolean pairs = schedule instanceof InterleavedOneFOneBSchedule i && i.overlapsPairs()
                    || schedule instanceof OneFOneBSchedule o && o.overlapsPairs();
            String label = schedule.name() + (pairs ? "+pairs" : "") + " p=" + p + " v=" + v + " m=" + m;
            System.out.printf("%-32s bound %.9f step %.9f (%.1f%%)%n", label, bound, step, 100 * bound / step);
            assertThat(bound).as(label).isLessThanOrEqualTo(step);
            long busiest = 0;
            for (ProgramProfile.RankProfile rank : profile.ranks()) {
                long busy = 0;
                for (ProgramProfile.Entry e : rank.entries()) {
                    busy += e.count() * duration(e.op(), costs);
                }
                busiest = Math.max(busiest, busy);
            }
            assertThat(SimTime.secondsToNs(bound)).as(label).isGreaterThanOrEqualTo(busiest);
        }
    }

    @Test
    void profileCountsEveryOpOfTheProgramOnce() {
        PipelineSchedule schedule = new DualPipeSchedule();
        int p = 8;
        int m = 20;
        ProgramProfile profile = ProgramProfile.of(schedule, p, 1, m);
        List<List<PipelineOp>> program = schedule.program(schedule.layout(p, 1, m));
        for (int r = 0; r < p; r++) {
            long counted = profile.ranks().get(r).entries().stream().mapToLong(ProgramProfile.Entry::count).sum();
            assertThat(counted).isEqualTo(program.get(r).size());
            assertThat(profile.ranks().get(r).first()).isEqualTo(program.get(r).get(0));
            assertThat(profile.ranks().get(r).last()).isEqualTo(program.get(r).get(program.get(r).size() - 1));
            for (ProgramProfile.Entry e : profile.ranks().get(r).entries()) {
                long matching = program.get(r).stream().filter(op -> op.kind() == e.op().kind()
                        && op.chain() == e.op().chain() && op.position() == e.op().position()
                        && op.backwardChain() == e.op().backwardChain()
                        && op.backwardPosition() == e.op().backwardPosition()).count();
                assertThat(matching).isEqualTo(e.count());
            }
        }
    }

    private static long duration(PipelineOp op, OpCosts costs) {
        return switch (op.kind()) {
            case F -> costs.forwardNs(op.chain(), op.position());
            case B -> costs.backwardInputNs(op.chain(), op.position());
            case BW -> costs.fullBackwardNs(op.chain(), op.position());
            case W -> costs.backwardWeightNs(op.chain(), op.position());
            case FB -> costs.overlappedNs(op.chain(), op.position(), op.backwardChain(), op.backwardPosition());
        };
    }
}
