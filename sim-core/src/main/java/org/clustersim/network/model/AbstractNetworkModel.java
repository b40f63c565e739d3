package org.clustersim.network.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.clustersim.engine.SimTime;
import org.clustersim.engine.Simulation;
import org.clustersim.network.Fabric;

/** What both network models share: the fabric's resources, compiled shapes (cached), statistics, transfers. */
abstract class AbstractNetworkModel implements NetworkModel {

    private static final int SHAPE_CACHE = 1024;
    private static final int TRANSFER_CACHE = 4096;

    final Simulation simulation;
    final Fabric fabric;
    final ModelOptions options;
    final ResourceMap resources;
    final ShapeCompiler compiler;
    final LinkStatistics statistics;
    private final boolean classes;
    private final boolean verify;
    private int active;

    // Keyed by identity (PhaseShape does not override equals): a planner reusing a shape pays its routing once.
    private final Map<PhaseShape, CompiledShape> compiled = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PhaseShape, CompiledShape> eldest) {
            return size() > SHAPE_CACHE;
        }
    };
    private final Map<Long, PhaseShape> transfers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PhaseShape> eldest) {
            return size() > TRANSFER_CACHE;
        }
    };

    AbstractNetworkModel(Simulation simulation, Fabric fabric, ModelOptions options, boolean classes,
            boolean verify) {
        this.simulation = Objects.requireNonNull(simulation, "simulation");
        this.fabric = Objects.requireNonNull(fabric, "fabric");
        this.options = Objects.requireNonNull(options, "options");
        this.resources = new ResourceMap(fabric, options.aggregateStages());
        this.compiler = new ShapeCompiler(resources);
        this.statistics = new LinkStatistics(resources, options.recordStatistics(), simulation.nowNs());
        this.classes = classes;
        this.verify = verify;
    }

    @Override
    public final Fabric fabric() {
        return fabric;
    }

    @Override
    public final Simulation simulation() {
        return simulation;
    }

    @Override
    public final LinkStatistics statistics() {
        return statistics;
    }

    @Override
    public final int activeOperations() {
        return active;
    }

    @Override
    public final void start(Traffic traffic, Runnable onComplete) {
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(onComplete, "onComplete");
        active++;
        begin(traffic, onComplete);
    }

    @Override
    public final void startTransfer(int srcRank, int dstRank, double bytes, Runnable onComplete) {
        long key = ((long) srcRank << 32) | (dstRank & 0xffffffffL);
        PhaseShape shape = transfers.computeIfAbsent(key,
                k -> PhaseShape.of(FlowMembers.builder("transfer").add(srcRank, dstRank).build()));
        double latency = fabric.latencySeconds(fabric.route(srcRank, dstRank));
        start(Traffic.of("transfer " + srcRank + " -> " + dstRank,
                TrafficPhase.uniform(shape, bytes, 1.0), latency), onComplete);
    }

    /** Runs a started operation. */
    abstract void begin(Traffic traffic, Runnable onComplete);

    /** Completes an operation: its callback runs as an event after the operation's latency. */
    final void finish(Traffic traffic, Runnable onComplete) {
        simulation.scheduleAfter(SimTime.secondsToNs(traffic.latencySeconds()), () -> {
            active--;
            onComplete.run();
        });
    }

    final CompiledShape compiled(PhaseShape shape) {
        CompiledShape c = compiled.get(shape);
        if (c == null) {
            c = compiler.compile(shape, classes, verify);
            compiled.put(shape, c);
        }
        return c;
    }
}
