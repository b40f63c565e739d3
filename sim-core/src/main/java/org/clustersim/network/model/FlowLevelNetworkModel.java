package org.clustersim.network.model;

import java.util.Arrays;
import org.clustersim.engine.Event;
import org.clustersim.engine.Simulation;
import org.clustersim.network.Fabric;

/**
 * Flow-level network model: every active flow class gets its max-min fair rate ({@link WaterFillingSolver}), and
 * rates are re-solved only when the set of active classes changes.
 *
 * <ul>
 *   <li><b>Batched per timestamp.</b> Starts and completions only record which resources they touch; one solve event
 *       at the current time (scheduled after everything already queued for that time) handles them all.</li>
 *   <li><b>Restricted to the touched component.</b> The solve walks from the touched resources to the classes on them
 *       and onwards, and re-solves only that connected component; other classes keep their rates and their
 *       completion events.</li>
 *   <li><b>Classes.</b> With classes on (fidelity {@link Fidelity#FLOW}) a variable stands for all members of a
 *       verified-symmetric class ({@link ShapeCompiler}); with classes off ({@link Fidelity#PER_FLOW}) every flow is
 *       its own variable, routed as the fabric routes it (one hashed path per flow under
 *       {@link org.clustersim.network.RoutingMode#HASHED}, even spreading under ECMP).</li>
 *   <li><b>Time without drift.</b> Remaining bytes are doubles advanced by rate x elapsed ns at each re-solve; a
 *       completion is due at the ceiling of the remaining time in whole ns, and then the class is done, so rounding
 *       never accumulates beyond one ns per re-solve and never leaves a sliver of bytes behind.</li>
 *   <li><b>One engine event.</b> Completion times live in the model's own indexed heap ({@link CompletionQueue});
 *       the engine holds one event at the earliest, so a re-solve that moves a million completion times updates
 *       keys in place instead of cancelling and scheduling a million events.</li>
 *   <li><b>Cheap components.</b> A union-find over resources (sets only merge until the network idles) tells when the
 *       touched sets already hold every live class; then the walk is skipped and everything is re-solved.</li>
 * </ul>
 */
public final class FlowLevelNetworkModel extends AbstractNetworkModel {

    private final boolean classes;
    private final WaterFillingSolver solver = new WaterFillingSolver();

    // ---- active classes, by slot ----
    private int slotCapacity = 64;
    private int slotsUsed;
    private final IntList freeSlots = new IntList(64);
    private Run[] slotRun = new Run[slotCapacity];
    private CompiledShape[] slotShape = new CompiledShape[slotCapacity];
    private int[] slotClass = new int[slotCapacity];
    private int[] slotGeneration = new int[slotCapacity];
    private boolean[] slotLive = new boolean[slotCapacity];
    private double[] slotRemaining = new double[slotCapacity]; // bytes per member flow, protocol overhead included
    private double[] slotRate = new double[slotCapacity];      // bytes per second per member flow
    private long[] slotLastNs = new long[slotCapacity];
    private int[] slotStamp = new int[slotCapacity];

    // ---- per resource: the active classes on it (slot and generation packed; stale entries dropped lazily) ----
    private long[][] resourceSlots = new long[0][];
    private int[] resourceSlotCount = new int[0];
    private int[] resourceStamp = new int[0];
    private int[] localIndex = new int[0];

    // ---- union-find over resources: a conservative view of the components (they only merge until the network idles) ----
    private int[] ufParent = new int[0];
    private int[] ufLive = new int[0];       // live classes whose resources have this root
    private int[] ufSize = new int[0];       // resources in the set of this root (union by size keeps finds short)
    private int[] ufDirtyStamp = new int[0]; // epoch in which a resource's set was last (re)started
    private int ufEpoch = 1;
    private int liveSlots;
    private int[] rootStamp = new int[0];

    private final IntList touched = new IntList(256);
    private boolean solveScheduled;
    private int stamp;
    private long solves;
    private long solvedVariables;

    // ---- scratch of one solve ----
    private final IntList componentResources = new IntList(256);
    private final IntList componentSlots = new IntList(256);
    private int[] csrOffsets = new int[64];
    private int[] csrResources = new int[256];
    private double[] csrCoefs = new double[256];
    private double[] capacity = new double[64];
    private double[] load = new double[64];
    private double[] rates = new double[64];
    private boolean unitCoefficients;

    private final Event solveEvent = this::solveNow;
    private final Event completeEvent = this::completeDue;
    private final CompletionQueue completions = new CompletionQueue();
    private long armedEvent = Simulation.NO_EVENT;
    private long armedNs;

    /** A flow-level model with classes (fidelity flow) or without (per-flow), default options. */
    public FlowLevelNetworkModel(Simulation simulation, Fabric fabric, boolean classes) {
        this(simulation, fabric, classes, ModelOptions.DEFAULT);
    }

    public FlowLevelNetworkModel(Simulation simulation, Fabric fabric, boolean classes, ModelOptions options) {
        super(simulation, fabric, options, classes, options.verifyClasses());
        this.classes = classes;
    }

    @Override
    public Fidelity fidelity() {
        return classes ? Fidelity.FLOW : Fidelity.PER_FLOW;
    }

    /** Solves run so far (each solves one component). */
    public long solves() {
        return solves;
    }

    /** Variables (classes or flows) over all solves so far. */
    public long solvedVariables() {
        return solvedVariables;
    }

    /** Number of variables a phase shape compiles to under this model (after class verification). */
    public int variablesOf(PhaseShape shape) {
        return compiled(shape).classCount;
    }

    private static final class Run {
        final Traffic traffic;
        final Runnable onComplete;
        int phase;
        int pending;

        Run(Traffic traffic, Runnable onComplete) {
            this.traffic = traffic;
            this.onComplete = onComplete;
        }
    }

    @Override
    void begin(Traffic traffic, Runnable onComplete) {
        startPhases(new Run(traffic, onComplete));
    }

    /** Starts the run's current phase, skipping phases with nothing to move; finishes the run after the last. */
    private void startPhases(Run run) {
        while (run.phase < run.traffic.phases().size()) {
            TrafficPhase phase = run.traffic.phases().get(run.phase);
            CompiledShape shape = compiled(phase.shape());
            double efficiency = phase.protocolEfficiency();
            for (int c = 0; c < shape.classCount; c++) {
                double bytes = phase.bytesPerFlow(shape.origin[c]) / efficiency;
                if (bytes > 0 && shape.offsets[c + 1] > shape.offsets[c]) {
                    addSlot(run, shape, c, bytes);
                    run.pending++;
                }
            }
            if (run.pending > 0) {
                requestSolve();
                return;
            }
            run.phase++;
        }
        finish(run.traffic, run.onComplete);
    }

    private void addSlot(Run run, CompiledShape shape, int c, double bytes) {
        int slot;
        if (freeSlots.size() > 0) {
            slot = freeSlots.removeLast();
        } else {
            if (slotsUsed == slotCapacity) {
                growSlots();
            }
            slot = slotsUsed++;
        }
        slotRun[slot] = run;
        slotShape[slot] = shape;
        slotClass[slot] = c;
        slotGeneration[slot]++;
        slotLive[slot] = true;
        slotRemaining[slot] = bytes;
        slotRate[slot] = 0;
        slotLastNs[slot] = simulation.nowNs();
        growResources();
        long entry = ((long) slotGeneration[slot] << 32) | slot;
        int root = -1;
        for (int e = shape.offsets[c]; e < shape.offsets[c + 1]; e++) {
            int r = shape.resources[e];
            int n = resourceSlotCount[r];
            long[] list = resourceSlots[r];
            if (list == null) {
                list = new long[4];
                resourceSlots[r] = list;
            } else if (n == list.length) {
                n = compact(r);
                if (n == list.length) {
                    list = Arrays.copyOf(list, n * 2);
                    resourceSlots[r] = list;
                }
            }
            list[n] = entry;
            resourceSlotCount[r] = n + 1;
            touched.add(r);
            root = root < 0 ? find(r) : union(root, r);
        }
        ufLive[root]++;
        liveSlots++;
    }

    /** Drops the entries of finished classes from a resource's list; returns the new length. */
    private int compact(int r) {
        long[] list = resourceSlots[r];
        int n = resourceSlotCount[r];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            long entry = list[i];
            int slot = (int) entry;
            if (slotLive[slot] && slotGeneration[slot] == (int) (entry >>> 32)) {
                list[kept++] = entry;
            }
        }
        resourceSlotCount[r] = kept;
        return kept;
    }

    private int find(int r) {
        if (ufDirtyStamp[r] != ufEpoch) {
            ufDirtyStamp[r] = ufEpoch; // first use since the network was last idle: a fresh singleton
            ufParent[r] = r;
            ufLive[r] = 0;
            ufSize[r] = 1;
        }
        int root = r;
        while (ufParent[root] != root) {
            root = ufParent[root];
        }
        while (ufParent[r] != root) { // path compression
            int next = ufParent[r];
            ufParent[r] = root;
            r = next;
        }
        return root;
    }

    /** Joins the sets of a root and a resource; returns the new root. */
    private int union(int root, int r) {
        int other = find(r);
        if (other == root) {
            return root;
        }
        if (ufSize[other] > ufSize[root]) {
            int t = root;
            root = other;
            other = t;
        }
        ufParent[other] = root;
        ufLive[root] += ufLive[other];
        ufSize[root] += ufSize[other];
        return root;
    }

    /** The armed engine event: completes every class due now, then re-arms for the next. */
    private void completeDue() {
        armedEvent = Simulation.NO_EVENT;
        long now = simulation.nowNs();
        while (completions.size() > 0 && completions.minTime() <= now) {
            int slot = completions.peek();
            completions.remove(slot);
            complete(slot);
        }
        arm();
    }

    /** Keeps one engine event at the earliest completion time. */
    private void arm() {
        if (completions.size() == 0) {
            if (armedEvent != Simulation.NO_EVENT) {
                simulation.cancel(armedEvent);
                armedEvent = Simulation.NO_EVENT;
            }
            return;
        }
        long next = completions.minTime();
        if (armedEvent != Simulation.NO_EVENT) {
            if (armedNs == next) {
                return;
            }
            simulation.cancel(armedEvent);
        }
        armedNs = next;
        armedEvent = simulation.scheduleAt(next, completeEvent);
    }

    private void complete(int slot) {
        slotLive[slot] = false;
        slotRemaining[slot] = 0;
        CompiledShape shape = slotShape[slot];
        int c = slotClass[slot];
        ufLive[find(shape.resources[shape.offsets[c]])]--;
        if (--liveSlots == 0) {
            ufEpoch++; // idle network: every resource starts over as its own set
        }
        for (int e = shape.offsets[c]; e < shape.offsets[c + 1]; e++) {
            touched.add(shape.resources[e]);
        }
        Run run = slotRun[slot];
        slotRun[slot] = null;
        slotShape[slot] = null;
        freeSlots.add(slot);
        requestSolve();
        if (--run.pending == 0) {
            run.phase++;
            startPhases(run);
        }
    }

    private void requestSolve() {
        if (!solveScheduled) {
            solveScheduled = true;
            simulation.scheduleAt(simulation.nowNs(), solveEvent);
        }
    }

    private void solveNow() {
        solveScheduled = false;
        if (touched.size() == 0) {
            return;
        }
        long now = simulation.nowNs();
        int s = ++stamp;
        componentResources.clear();
        componentSlots.clear();
        for (int i = 0; i < touched.size(); i++) {
            visitResource(touched.get(i), s);
        }
        touched.clear();
        if (touchesEverything(s)) {
            // The touched sets hold every live class: take them all, skipping the walk (all-to-all traffic, where
            // every NIC links every flow, lands here on every change).
            for (int slot = 0; slot < slotsUsed; slot++) {
                if (slotLive[slot]) {
                    slotStamp[slot] = s;
                    componentSlots.add(slot);
                    CompiledShape shape = slotShape[slot];
                    int c = slotClass[slot];
                    for (int e = shape.offsets[c]; e < shape.offsets[c + 1]; e++) {
                        visitResource(shape.resources[e], s);
                    }
                }
            }
        }
        // breadth-first over the component: componentResources doubles as the queue
        for (int q = componentSlots.size() > 0 ? componentResources.size() : 0; q < componentResources.size(); q++) {
            int r = componentResources.get(q);
            long[] list = resourceSlots[r];
            int n = resourceSlotCount[r];
            int kept = 0;
            for (int i = 0; i < n; i++) {
                long entry = list[i];
                int slot = (int) entry;
                if (!slotLive[slot] || slotGeneration[slot] != (int) (entry >>> 32)) {
                    continue; // finished class: drop its entry now
                }
                list[kept++] = entry;
                if (slotStamp[slot] != s) {
                    slotStamp[slot] = s;
                    componentSlots.add(slot);
                    CompiledShape shape = slotShape[slot];
                    int c = slotClass[slot];
                    for (int e = shape.offsets[c]; e < shape.offsets[c + 1]; e++) {
                        visitResource(shape.resources[e], s);
                    }
                }
            }
            resourceSlotCount[r] = kept;
        }
        int variables = componentSlots.size();
        int resourceCount = componentResources.size();
        buildProblem(variables, resourceCount, now);
        solver.solve(variables, csrOffsets, csrResources, unitCoefficients ? null : csrCoefs, resourceCount, capacity,
                rates, load);
        solves++;
        solvedVariables += variables;
        for (int i = 0; i < variables; i++) {
            reschedule(componentSlots.get(i), rates[i], now);
        }
        arm();
        if (statistics.enabled()) {
            for (int i = 0; i < resourceCount; i++) {
                statistics.rateChanged(componentResources.get(i), now, load[i]);
            }
        }
    }

    /** True when the union-find sets of the touched resources (the first entries of the component) hold every live class. */
    private boolean touchesEverything(int s) {
        if (liveSlots == 0) {
            return false;
        }
        if (rootStamp.length < ufParent.length) {
            rootStamp = Arrays.copyOf(rootStamp, ufParent.length);
        }
        long covered = 0;
        for (int i = 0; i < componentResources.size(); i++) {
            int r = componentResources.get(i);
            if (ufDirtyStamp[r] != ufEpoch) {
                continue; // no live class has touched it since the network was idle
            }
            int root = find(r);
            if (rootStamp[root] != s) {
                rootStamp[root] = s;
                covered += ufLive[root];
            }
        }
        return covered == liveSlots;
    }

    private void visitResource(int r, int s) {
        if (resourceStamp[r] != s) {
            resourceStamp[r] = s;
            localIndex[r] = componentResources.size();
            componentResources.add(r);
        }
    }

    /** Advances the component's classes to now and lays their incidences out as the solver's CSR. */
    private void buildProblem(int variables, int resourceCount, long now) {
        if (csrOffsets.length < variables + 1) {
            csrOffsets = new int[Math.max(variables + 1, csrOffsets.length * 2)];
            rates = new double[csrOffsets.length];
        }
        if (capacity.length < resourceCount) {
            capacity = new double[Math.max(resourceCount, capacity.length * 2)];
            load = new double[capacity.length];
        }
        int at = 0;
        boolean unit = true;
        for (int i = 0; i < variables; i++) {
            int slot = componentSlots.get(i);
            long elapsed = now - slotLastNs[slot];
            if (elapsed > 0) {
                slotRemaining[slot] = Math.max(0, slotRemaining[slot] - slotRate[slot] * elapsed * 1e-9);
                slotLastNs[slot] = now;
            }
            CompiledShape shape = slotShape[slot];
            int c = slotClass[slot];
            int from = shape.offsets[c];
            int to = shape.offsets[c + 1];
            int need = at + (to - from);
            if (csrResources.length < need) {
                int n = Math.max(need, csrResources.length * 2);
                csrResources = Arrays.copyOf(csrResources, n);
                csrCoefs = Arrays.copyOf(csrCoefs, n);
            }
            csrOffsets[i] = at;
            for (int e = from; e < to; e++) {
                csrResources[at] = localIndex[shape.resources[e]];
                double a = shape.coefs[e];
                csrCoefs[at] = a;
                unit &= a == 1.0;
                at++;
            }
        }
        csrOffsets[variables] = at;
        unitCoefficients = unit;
        for (int i = 0; i < resourceCount; i++) {
            capacity[i] = resources.capacity(componentResources.get(i));
        }
    }

    private void reschedule(int slot, double rate, long now) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalStateException("a flow of '" + slotRun[slot].traffic.label() + "' gets rate " + rate
                    + " B/s: a link on its route has no capacity");
        }
        slotRate[slot] = rate;
        double ns = Math.ceil(slotRemaining[slot] / rate * 1e9);
        if (!(ns < 9e18)) {
            throw new IllegalStateException("completion time out of range for '" + slotRun[slot].traffic.label() + "'");
        }
        completions.put(slot, now + (long) ns);
    }

    private void growSlots() {
        int n = slotCapacity * 2;
        slotRun = Arrays.copyOf(slotRun, n);
        slotShape = Arrays.copyOf(slotShape, n);
        slotClass = Arrays.copyOf(slotClass, n);
        slotGeneration = Arrays.copyOf(slotGeneration, n);
        slotLive = Arrays.copyOf(slotLive, n);
        slotRemaining = Arrays.copyOf(slotRemaining, n);
        slotRate = Arrays.copyOf(slotRate, n);
        slotLastNs = Arrays.copyOf(slotLastNs, n);
        slotStamp = Arrays.copyOf(slotStamp, n);
        slotCapacity = n;
    }

    private void growResources() {
        int n = resources.count();
        if (resourceSlotCount.length < n) {
            int cap = Math.max(n, resourceSlotCount.length * 2);
            resourceSlots = Arrays.copyOf(resourceSlots, cap);
            resourceSlotCount = Arrays.copyOf(resourceSlotCount, cap);
            resourceStamp = Arrays.copyOf(resourceStamp, cap);
            localIndex = Arrays.copyOf(localIndex, cap);
            ufParent = Arrays.copyOf(ufParent, cap);
            ufLive = Arrays.copyOf(ufLive, cap);
            ufSize = Arrays.copyOf(ufSize, cap);
            ufDirtyStamp = Arrays.copyOf(ufDirtyStamp, cap);
        }
    }
}
