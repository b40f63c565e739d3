package org.clustersim.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.clustersim.engine.Simulation;

/**
 * Runs a pipeline schedule on the event engine: each rank has one compute stream and runs its ops in the schedule's
 * order, each as soon as its inputs are there (a forward needs the previous stage's activations, a backward its own
 * forward and the next stage's gradients, a weight pass its input pass). Transfers between ranks take
 * {@link OpCosts#transferNs}. Bubbles are not computed from formulas: they are whatever the timeline leaves idle.
 *
 * <p>Transfers share the ports they use: a rank sends through one port and receives through one (its NIC, or its
 * NVLink port), so a rank's outgoing transfers run one after another, and so do its incoming ones. DualPipe's
 * overlapped op, for one, sends a forward output and an input gradient to the same neighbour at once: the second
 * arrives two transfer times after the op, not one. First come, first served: a transfer starts when it is sent and
 * both its sender's egress and its receiver's ingress are free.
 */
public final class PipelineSimulator {

    private final PipelineLayout layout;
    private final OpCosts costs;
    private final Simulation sim;
    private final int maxLength;
    private final int maxMicroBatches;

    // Times at which each (chain, position, micro-batch) event happened; -1 = not yet.
    private final long[] forwardInputAt;   // activations arrived at this position
    private final long[] forwardDoneAt;
    private final long[] gradientInputAt;  // gradient arrived from the next position
    private final long[] backwardDoneAt;   // input-gradient pass done (B, BW or the B half of FB)

    private final List<List<PipelineOp>> programs;
    private final int[] nextOp;
    private final boolean[] busy;
    private final long[] egressFreeAt;
    private final long[] ingressFreeAt;
    private final List<List<PipelineTimeline.Slot>> slots = new ArrayList<>();
    private final List<PipelineTimeline.Transfer> transfers = new ArrayList<>();

    private int opsRemaining;

    private PipelineSimulator(PipelineLayout layout, List<List<PipelineOp>> programs, OpCosts costs) {
        this.layout = layout;
        this.costs = costs;
        this.sim = new Simulation(0);
        int length = 0;
        int mbs = 0;
        for (int c = 0; c < layout.chains(); c++) {
            length = Math.max(length, layout.length(c));
            mbs = Math.max(mbs, layout.microBatches(c));
        }
        this.maxLength = length;
        this.maxMicroBatches = mbs;
        int size = layout.chains() * length * mbs;
        forwardInputAt = filled(size);
        forwardDoneAt = filled(size);
        gradientInputAt = filled(size);
        backwardDoneAt = filled(size);
        this.programs = programs;
        this.nextOp = new int[layout.ranks()];
        this.busy = new boolean[layout.ranks()];
        this.egressFreeAt = new long[layout.ranks()];
        this.ingressFreeAt = new long[layout.ranks()];
        for (int r = 0; r < layout.ranks(); r++) {
            slots.add(new ArrayList<>());
        }
        opsRemaining = programs.stream().mapToInt(List::size).sum();
    }

    /** Simulates one step of {@code schedule} and returns its timeline. */
    public static PipelineTimeline run(PipelineSchedule schedule, int ranks, int virtualStages, int microBatches,
                                       OpCosts costs) {
        String violation = schedule.constraintViolation(ranks, virtualStages, microBatches);
        if (violation != null) {
            throw new IllegalArgumentException(violation);
        }
        PipelineLayout layout = schedule.layout(ranks, virtualStages, microBatches);
        PipelineSimulator simulator = new PipelineSimulator(layout, schedule.program(layout), costs);
        return simulator.simulate();
    }

    private PipelineTimeline simulate() {
        for (int c = 0; c < layout.chains(); c++) {
            for (int i = 0; i < layout.microBatches(c); i++) {
                forwardInputAt[index(c, 0, i)] = 0; // inputs of the first stage are there at the start
            }
        }
        for (int r = 0; r < layout.ranks(); r++) {
            int rank = r;
            sim.scheduleAt(0, () -> tryStart(rank));
        }
        sim.run();
        if (opsRemaining != 0) {
            throw new IllegalStateException("pipeline deadlocked with " + opsRemaining + " ops left; ranks stopped at "
                    + Arrays.toString(nextOp));
        }
        long makespan = 0;
        for (List<PipelineTimeline.Slot> rank : slots) {
            for (PipelineTimeline.Slot s : rank) {
                makespan = Math.max(makespan, s.endNs());
            }
        }
        return new PipelineTimeline(makespan, slots, transfers);
    }

    private void tryStart(int rank) {
        if (busy[rank]) {
            return;
        }
        PipelineOp op = nextInOrder(rank);
        if (op == null) {
            return;
        }
        busy[rank] = true;
        long start = sim.nowNs();
        long duration = duration(op);
        sim.scheduleAfter(duration, () -> finish(rank, op, start));
    }

    private PipelineOp nextInOrder(int rank) {
        List<PipelineOp> program = programs.get(rank);
        if (nextOp[rank] >= program.size()) {
            return null;
        }
        PipelineOp op = program.get(nextOp[rank]);
        if (!ready(op)) {
            return null;
        }
        nextOp[rank]++;
        return op;
    }

    private boolean ready(PipelineOp op) {
        return switch (op.kind()) {
            case F -> forwardReady(op.chain(), op.position(), op.microBatch());
            case B, BW -> backwardReady(op.chain(), op.position(), op.microBatch());
            case W -> backwardDoneAt[index(op.chain(), op.position(), op.microBatch())] >= 0;
            case FB -> forwardReady(op.chain(), op.position(), op.microBatch())
                    && backwardReady(op.backwardChain(), op.backwardPosition(), op.backwardMicroBatch());
        };
    }

    private boolean forwardReady(int chain, int position, int mb) {
        return forwardInputAt[index(chain, position, mb)] >= 0;
    }

    private boolean backwardReady(int chain, int position, int mb) {
        int i = index(chain, position, mb);
        boolean last = position == layout.length(chain) - 1;
        return forwardDoneAt[i] >= 0 && (last || gradientInputAt[i] >= 0);
    }

    private long duration(PipelineOp op) {
        return switch (op.kind()) {
            case F -> costs.forwardNs(op.chain(), op.position());
            case B -> costs.backwardInputNs(op.chain(), op.position());
            case BW -> costs.fullBackwardNs(op.chain(), op.position());
            case W -> costs.backwardWeightNs(op.chain(), op.position());
            case FB -> costs.overlappedNs(op.chain(), op.position(), op.backwardChain(), op.backwardPosition());
        };
    }

    private void finish(int rank, PipelineOp op, long startNs) {
        slots.get(rank).add(new PipelineTimeline.Slot(op, startNs, sim.nowNs()));
        busy[rank] = false;
        opsRemaining--;
        switch (op.kind()) {
            case F -> forwardDone(op.chain(), op.position(), op.microBatch());
            case B, BW -> backwardDone(op.chain(), op.position(), op.microBatch());
            case W -> {
            }
            case FB -> {
                forwardDone(op.chain(), op.position(), op.microBatch());
                backwardDone(op.backwardChain(), op.backwardPosition(), op.backwardMicroBatch());
            }
        }
        tryStart(rank);
    }

    private void forwardDone(int chain, int position, int mb) {
        forwardDoneAt[index(chain, position, mb)] = sim.nowNs();
        if (position + 1 < layout.length(chain)) {
            deliver(chain, position, position + 1, mb, forwardInputAt, false);
        }
    }

    private void backwardDone(int chain, int position, int mb) {
        backwardDoneAt[index(chain, position, mb)] = sim.nowNs();
        if (position > 0) {
            deliver(chain, position, position - 1, mb, gradientInputAt, true);
        }
    }

    /** Sends activations or gradients to another position; on the same rank they are there at once. */
    private void deliver(int chain, int from, int to, int mb, long[] arrivals, boolean gradient) {
        int target = layout.rankOf(chain, to);
        int source = layout.rankOf(chain, from);
        long delay = 0;
        if (source != target) {
            long transfer = costs.transferNs(chain, from, to);
            long start = Math.max(sim.nowNs(), Math.max(egressFreeAt[source], ingressFreeAt[target]));
            long end = start + transfer;
            if (transfer > 0) {
                egressFreeAt[source] = end;
                ingressFreeAt[target] = end;
                transfers.add(new PipelineTimeline.Transfer(source, target, gradient, mb, sim.nowNs(), start, end));
            }
            delay = end - sim.nowNs();
        }
        sim.scheduleAfter(delay, () -> {
            arrivals[index(chain, to, mb)] = sim.nowNs();
            tryStart(target);
        });
    }

    private int index(int chain, int position, int mb) {
        return (chain * maxLength + position) * maxMicroBatches + mb;
    }

    private static long[] filled(int size) {
        long[] a = new long[size];
        Arrays.fill(a, -1L);
        return a;
    }
}
