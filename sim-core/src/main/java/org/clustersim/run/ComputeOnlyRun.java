package org.clustersim.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.clustersim.engine.Simulation;
import org.clustersim.engine.SimTime;
import org.clustersim.hardware.ClusterConfig;

/**
 * The coarsest estimate clustersim makes: phases given as total FLOPs, run on every GPU at an assumed fraction of the
 * dense BF16 peak, with a barrier between phases. It exists for scenarios that have no model yet; it ignores
 * communication, pipeline bubbles and memory, and says so in its assumptions.
 */
public final class ComputeOnlyRun {

    /** A phase of work given only by its FLOPs. */
    public record Phase(String name, double flops) {
        public Phase {
            Objects.requireNonNull(name, "name");
            if (!(flops > 0) || Double.isInfinite(flops)) {
                throw new IllegalArgumentException("phase FLOPs must be finite and > 0: " + flops);
            }
        }
    }

    public record PhaseEstimate(String name, double flops, double timeSeconds, double gpuHours) {
    }

    public record Estimate(int gpus, double peakFlopsPerGpu, double assumedMfu, List<PhaseEstimate> phases,
                           double timeSeconds, double gpuHours, long eventsFired) {
        public Estimate {
            phases = List.copyOf(phases);
        }
    }

    private ComputeOnlyRun() {
    }

    /**
     * Each node works through its 1/nodes share of a phase; the phase ends when the last node finishes. Nodes are
     * identical here, so the barrier is reached at once, but the run goes through the engine so the path from file to
     * simulated time is the one later models use.
     */
    public static Estimate simulate(ClusterConfig cluster, double assumedMfu, List<Phase> phases, long seed) {
        if (!(assumedMfu > 0 && assumedMfu <= 1)) {
            throw new IllegalArgumentException("assumed MFU must be in (0, 1]: " + assumedMfu);
        }
        Simulation sim = new Simulation(seed);
        double nodeFlopsPerSecond = cluster.gpusPerNode() * cluster.gpu().bf16DenseFlopsPerSecond() * assumedMfu;
        List<PhaseEstimate> estimates = new ArrayList<>();
        long[] phaseStartNs = {0};
        int[] nodesPending = {0};
        Runnable[] startPhase = new Runnable[1];
        int[] phaseIndex = {0};
        startPhase[0] = () -> {
            if (phaseIndex[0] == phases.size()) {
                return;
            }
            Phase phase = phases.get(phaseIndex[0]);
            phaseStartNs[0] = sim.nowNs();
            nodesPending[0] = cluster.nodes();
            long nodeTimeNs = SimTime.secondsToNs(phase.flops() / cluster.nodes() / nodeFlopsPerSecond);
            for (int node = 0; node < cluster.nodes(); node++) {
                sim.scheduleAfter(nodeTimeNs, () -> {
                    if (--nodesPending[0] == 0) {
                        double seconds = SimTime.nsToSeconds(sim.nowNs() - phaseStartNs[0]);
                        estimates.add(new PhaseEstimate(phase.name(), phase.flops(), seconds,
                                seconds * cluster.gpuCount() / 3600.0));
                        phaseIndex[0]++;
                        startPhase[0].run();
                    }
                });
            }
        };
        sim.scheduleAt(0, startPhase[0]::run);
        sim.run();
        double total = SimTime.nsToSeconds(sim.nowNs());
        return new Estimate(cluster.gpuCount(), cluster.gpu().bf16DenseFlopsPerSecond(), assumedMfu, estimates, total,
                total * cluster.gpuCount() / 3600.0, sim.firedEvents());
    }
}
