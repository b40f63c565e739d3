package org.clustersim.network.model;

import java.util.Arrays;
import org.clustersim.engine.Simulation;
import org.clustersim.network.Fabric;

/**
 * alpha-beta network model: each phase of an operation takes the time its own most loaded resource needs,
 * max over resources of (bytes the phase puts on it / achievable capacity), and the operation adds its latency once.
 * Concurrent operations do not see each other.
 *
 * <p>This is the closed form of network-and-collectives.md §3.1 with beta taken from the fabric: for a ring over
 * rail-aligned channels it is 2(p-1)/p x n / busBw, for a direct all-to-all max(intra-node bytes / NVLink,
 * inter-node bytes / NIC), for an all-to-all on an oversubscribed leaf the uplink term of the same table. For a
 * symmetric operation alone on the fabric every flow finishes at that same instant under max-min sharing, so this
 * model and the flow-level one agree there; they part where operations overlap or flows are uneven.
 */
public final class AnalyticalNetworkModel extends AbstractNetworkModel {

    private double[] load = new double[64];
    private int[] stamp = new int[64];
    private int currentStamp;
    private final IntList touched = new IntList(64);

    public AnalyticalNetworkModel(Simulation simulation, Fabric fabric) {
        this(simulation, fabric, ModelOptions.DEFAULT);
    }

    public AnalyticalNetworkModel(Simulation simulation, Fabric fabric, ModelOptions options) {
        // Classes need no verification here: loads are sums, whatever the grouping.
        super(simulation, fabric, options, true, false);
    }

    @Override
    public Fidelity fidelity() {
        return Fidelity.ANALYTICAL;
    }

    /** Seconds a phase takes on its own: its bottleneck resource's bytes over that resource's capacity. */
    public double phaseSeconds(TrafficPhase phase) {
        accumulate(phase);
        double worst = 0;
        for (int i = 0; i < touched.size(); i++) {
            int r = touched.get(i);
            worst = Math.max(worst, load[r] / resources.capacity(r));
        }
        return worst;
    }

    /** Seconds the whole operation takes on its own, latency included. */
    public double seconds(Traffic traffic) {
        double total = traffic.latencySeconds();
        for (TrafficPhase p : traffic.phases()) {
            total += phaseSeconds(p);
        }
        return total;
    }

    @Override
    void begin(Traffic traffic, Runnable onComplete) {
        runPhase(traffic, 0, onComplete);
    }

    private void runPhase(Traffic traffic, int index, Runnable onComplete) {
        if (index == traffic.phases().size()) {
            finish(traffic, onComplete);
            return;
        }
        TrafficPhase phase = traffic.phases().get(index);
        double seconds = phaseSeconds(phase);
        long ns = (long) Math.ceil(seconds * 1e9);
        if (!(seconds * 1e9 < 9e18)) {
            throw new IllegalStateException("phase of '" + traffic.label() + "' takes " + seconds + " s");
        }
        int[] used = null;
        double[] rate = null;
        if (statistics.enabled() && ns > 0) {
            used = touched.toArray();
            rate = new double[used.length];
            long now = simulation.nowNs();
            for (int i = 0; i < used.length; i++) {
                rate[i] = load[used[i]] / seconds;
                statistics.rateChanged(used[i], now, current(used[i]) + rate[i]);
                addCurrent(used[i], rate[i]);
            }
        }
        final int[] u = used;
        final double[] q = rate;
        simulation.scheduleAfter(ns, () -> {
            if (u != null) {
                long now = simulation.nowNs();
                for (int i = 0; i < u.length; i++) {
                    addCurrent(u[i], -q[i]);
                    statistics.rateChanged(u[i], now, Math.max(0, current(u[i])));
                }
            }
            runPhase(traffic, index + 1, onComplete);
        });
    }

    // Rates the analytical model currently puts on each resource (sum over overlapping operations), for statistics.
    private double[] currentRate = new double[64];

    private double current(int r) {
        return r < currentRate.length ? currentRate[r] : 0;
    }

    private void addCurrent(int r, double delta) {
        if (r >= currentRate.length) {
            currentRate = Arrays.copyOf(currentRate, Math.max(r + 1, currentRate.length * 2));
        }
        currentRate[r] += delta;
    }

    /** Bytes (protocol overhead included) the phase puts on each resource, into load[] over touched. */
    private void accumulate(TrafficPhase phase) {
        CompiledShape shape = compiled(phase.shape());
        int n = resources.count();
        if (stamp.length < n) {
            stamp = Arrays.copyOf(stamp, Math.max(n, stamp.length * 2));
            load = Arrays.copyOf(load, stamp.length);
        }
        int s = ++currentStamp;
        touched.clear();
        for (int c = 0; c < shape.classCount; c++) {
            double bytes = phase.bytesPerFlow(shape.origin[c]) / phase.protocolEfficiency();
            if (bytes == 0) {
                continue;
            }
            for (int e = shape.offsets[c]; e < shape.offsets[c + 1]; e++) {
                int r = shape.resources[e];
                if (stamp[r] != s) {
                    stamp[r] = s;
                    load[r] = 0;
                    touched.add(r);
                }
                load[r] += shape.coefs[e] * bytes;
            }
        }
    }
}
