package org.clustersim.step;

import java.util.Arrays;
import java.util.List;
import org.clustersim.engine.SimTime;
import org.clustersim.pipeline.OpCosts;
import org.clustersim.pipeline.OpKind;
import org.clustersim.pipeline.PipelineLayout;
import org.clustersim.pipeline.PipelineOp;
import org.clustersim.pipeline.ProgramProfile;

/**
 * A lower bound on the step time {@link StepSimulator} computes, from the same op durations, without running the
 * pipeline: for each pipeline rank r,
 *
 * <pre>
 *   step >= end of step after ( warm-up(r) + busy(r) [+ cool-down(r)] )
 * </pre>
 *
 * <ul>
 * <li><b>busy(r)</b>: the sum of the durations of r's ops. A rank runs one op at a time, so its last op cannot end
 * before its first starts plus this.</li>
 * <li><b>warm-up(r)</b>: r's first op is a forward (or an overlapped pair's forward) at some position of a chain; the
 * same micro-batch must first pass every earlier position, each taking at least the shortest op that carries that
 * forward, plus the transfers between ranks.</li>
 * <li><b>cool-down(r)</b>: if r's last op carries a backward at position p &gt; 0, that micro-batch's gradient must
 * still pass positions p-1 .. 0 (each at least the shortest op carrying that backward, plus transfers), and the rank
 * holding position 0 then synchronises and steps its optimizer.</li>
 * </ul>
 *
 * <p>Every term is a chain of dependencies the simulator enforces (an op starts when its inputs have arrived and its
 * rank is free), durations are the simulator's own nanoseconds ({@link ChunkOpCosts}) and the end of step is the
 * simulator's own {@link StepSimulator.EndOfStep}, so the bound never exceeds the simulated step. For 1F1B with equal
 * stages it is exact: (micro-batches + pipeline - 1)(F + B). It is looser where the simulator finds idle time inside
 * the steady phase (zero-bubble's deferred weight passes, DualPipe's middle ranks).
 *
 * <p>With uneven expert load in full mode the simulator takes the slowest replica; bounding with the busiest group's
 * load on every rank is still a bound of that replica.
 */
public final class StepLowerBound {

    private StepLowerBound() {
    }

    /**
     * @param endOfStep per pipeline rank, from {@link StepSimulator#endOfStep()} of the same plan
     */
    public static double seconds(ProgramProfile profile, OpCosts costs, List<StepSimulator.EndOfStep> endOfStep) {
        PipelineLayout layout = profile.layout();
        int chains = layout.chains();
        long[][] minForward = new long[chains][];
        long[][] minBackward = new long[chains][];
        for (int c = 0; c < chains; c++) {
            minForward[c] = new long[layout.length(c)];
            minBackward[c] = new long[layout.length(c)];
            Arrays.fill(minForward[c], Long.MAX_VALUE);
            Arrays.fill(minBackward[c], Long.MAX_VALUE);
        }
        long[] busy = new long[layout.ranks()];
        for (int r = 0; r < layout.ranks(); r++) {
            for (ProgramProfile.Entry e : profile.ranks().get(r).entries()) {
                PipelineOp op = e.op();
                long d = duration(op, costs);
                busy[r] += d * e.count();
                switch (op.kind()) {
                    case F -> lower(minForward, op.chain(), op.position(), d);
                    case B, BW -> lower(minBackward, op.chain(), op.position(), d);
                    case FB -> {
                        lower(minForward, op.chain(), op.position(), d);
                        lower(minBackward, op.backwardChain(), op.backwardPosition(), d);
                    }
                    case W -> {
                    }
                }
            }
        }
        double bound = 0;
        for (int r = 0; r < layout.ranks(); r++) {
            ProgramProfile.RankProfile rank = profile.ranks().get(r);
            if (rank.first() == null) {
                continue;
            }
            long warmUp = 0;
            PipelineOp first = rank.first();
            if (first.kind() == OpKind.F || first.kind() == OpKind.FB) {
                for (int p = 0; p < first.position(); p++) {
                    warmUp += known(minForward[first.chain()][p]) + transfer(layout, costs, first.chain(), p, p + 1);
                }
            }
            long end = warmUp + busy[r];
            bound = Math.max(bound, endOfStep.get(r).stepEndSeconds(SimTime.nsToSeconds(end)));
            PipelineOp last = rank.last();
            int chain = -1;
            int position = -1;
            switch (last.kind()) {
                case B, BW -> {
                    chain = last.chain();
                    position = last.position();
                }
                case FB -> {
                    chain = last.backwardChain();
                    position = last.backwardPosition();
                }
                default -> {
                }
            }
            if (position > 0) {
                long coolDown = 0;
                for (int p = position - 1; p >= 0; p--) {
                    coolDown += transfer(layout, costs, chain, p + 1, p) + known(minBackward[chain][p]);
                }
                int target = layout.rankOf(chain, 0);
                bound = Math.max(bound, endOfStep.get(target).stepEndSeconds(SimTime.nsToSeconds(end + coolDown)));
            }
        }
        return bound;
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

    private static void lower(long[][] mins, int chain, int position, long value) {
        mins[chain][position] = Math.min(mins[chain][position], value);
    }

    /** A position no op carries (cannot happen in a complete program) contributes nothing rather than overflow. */
    private static long known(long min) {
        return min == Long.MAX_VALUE ? 0 : min;
    }

    /** The simulator delivers between positions on the same rank at once and otherwise after a transfer. */
    private static long transfer(PipelineLayout layout, OpCosts costs, int chain, int from, int to) {
        return layout.rankOf(chain, from) == layout.rankOf(chain, to) ? 0 : costs.transferNs(chain, from, to);
    }
}
