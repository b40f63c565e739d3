package org.clustersim.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.clustersim.collective.CollectiveKind;
import org.clustersim.collective.CollectivePlan;
import org.clustersim.collective.CollectivePlanner;
import org.clustersim.collective.CollectiveRunner;
import org.clustersim.collective.CollectiveSpec;
import org.clustersim.collective.GpuGeneration;
import org.clustersim.collective.NcclTuningModel;
import org.clustersim.collective.RankGroups;
import org.clustersim.engine.Simulation;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.hardware.GpuType;
import org.clustersim.hardware.NodeType;
import org.clustersim.network.RoutingMode;
import org.clustersim.network.model.FlowLevelNetworkModel;
import org.clustersim.network.model.FlowMembers;
import org.clustersim.network.model.PhaseShape;
import org.clustersim.network.model.Traffic;
import org.clustersim.network.model.TrafficPhase;
import org.clustersim.topology.ClusterFabric;
import org.clustersim.topology.FabricParameters;
import org.clustersim.topology.Topologies;
import org.clustersim.topology.TopologyKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The flow-level network model at scale, side by side in one run (single-shot: each operation is what a simulation
 * pays once; every invocation starts from a fresh planner and model, so routing, class verification and solving are
 * all inside the measurement; fabrics are built in setup).
 *
 * <ul>
 *   <li>{@code allToAll1024Classes} / {@code allToAll1024PerFlow}: an all-to-all of 1 MB per pair on 1,024 GPUs
 *       (128 HGX nodes of 8 H800 on a 2-level fat tree of 64-port switches, ECMP), 1,047,552 flows, with verified
 *       classes and with every flow its own variable (re-solved at every completion timestamp). The case of
 *       network-and-collectives.md §2.3, where a peer simulator's congestion-aware backend took 48.7 s and 1.25 GB.</li>
 *   <li>{@code epAllToAll50176Classes}: one expert-parallel all-to-all phase on 50,176 GPUs (6,272 nodes) on a
 *       3-level fat tree of 64-port switches: all 784 EP64 groups at once, every GPU to its 63 peers (3.2 M flows).</li>
 *   <li>{@link ReSolve#reSolve1MFlows}: one re-solve of a component of 1,047,552 flows with uneven sizes, classes off,
 *       hashed single-path routing, on 1,024 GPUs with one NIC each (32 leaves x 16 spines): the water-filling of the
 *       reference's "Java progressive filling" row, plus what the model does around it (walking the component,
 *       laying out the problem, rescheduling completions).</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar NetworkModelBenchmark}. Each method prints its simulated
 * time and solver counts once per trial on stderr, so a run also shows that the variants compute the same answer.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class NetworkModelBenchmark {

    static final NcclTuningModel TUNING = new NcclTuningModel(GpuGeneration.HOPPER, 16);

    private ClusterFabric fatTree1024;
    private ClusterFabric fatTree50176;

    /** H800 in HGX nodes, one 400 Gb/s NIC per GPU (deepseek-v3.md A.4; the catalog's H800 and hgx-8gpu). */
    static FabricParameters parameters(TopologyKind kind, int nodes, int gpusPerNode) {
        GpuType h800 = new GpuType("H800", "NVIDIA H800 SXM5", 989.4e12, 1978.9e12, 80 * Math.pow(2, 30), 3.35e12,
                200e9, 0.8, 700, 132);
        NodeType hgx = new NodeType("hgx", gpusPerNode, 50e9, 0.8, 2.8e-6, 3.33e-6, 4600);
        return FabricParameters.forCluster(new ClusterConfig(h800, hgx, nodes, gpusPerNode), kind);
    }

    @Setup(Level.Trial)
    public void setUp() {
        fatTree1024 = Topologies.build(parameters(TopologyKind.FAT_TREE, 128, 8));
        fatTree50176 = Topologies.build(parameters(TopologyKind.FAT_TREE_3, 6272, 8));
    }

    private static double allToAll(ClusterFabric fabric, RankGroups groups, boolean classes, String name) {
        CollectivePlanner planner = new CollectivePlanner(fabric, TUNING);
        double bytesPerPair = 1 << 20;
        CollectivePlan plan = planner.plan(CollectiveSpec.of(CollectiveKind.ALL_TO_ALL, groups,
                bytesPerPair * groups.size()));
        FlowLevelNetworkModel model = new FlowLevelNetworkModel(new Simulation(1), fabric, classes);
        double seconds = CollectiveRunner.seconds(model, plan.traffic());
        report(name, seconds, model, plan.traffic());
        return seconds;
    }

    private static void report(String name, double seconds, FlowLevelNetworkModel model, Traffic traffic) {
        PhaseShape shape = traffic.phases().get(0).shape();
        System.err.printf(Locale.ROOT, "%n%s: simulated %.3f ms, %d flows as %d variables, %d solves%n", name,
                seconds * 1e3, shape.flowCount(), model.variablesOf(shape), model.solves());
    }

    @Benchmark
    public double allToAll1024Classes() {
        return allToAll(fatTree1024, RankGroups.range(0, 1024), true, "all-to-all 1,024 GPUs, classes");
    }

    @Benchmark
    public double allToAll1024PerFlow() {
        return allToAll(fatTree1024, RankGroups.range(0, 1024), false, "all-to-all 1,024 GPUs, per-flow");
    }

    @Benchmark
    public double epAllToAll50176Classes() {
        return allToAll(fatTree50176, RankGroups.consecutive(50176, 64), true,
                "EP64 all-to-all on 50,176 GPUs, classes");
    }

    /** A model holding 1,047,552 active flows; each invocation forces one re-solve of the whole component. */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 5, time = 3)
    public static class ReSolve {

        private Simulation simulation;
        private FlowLevelNetworkModel model;

        @Setup(Level.Trial)
        public void setUp() {
            ClusterFabric fabric = Topologies.build(parameters(TopologyKind.FAT_TREE, 1024, 1)
                    .withRouting(RoutingMode.HASHED, 42));
            // uneven sizes: 1,024 size classes from 0.5 to 1.5 MB, flows spread over them
            int p = 1024;
            int sizes = 1024;
            List<FlowMembers.Builder> builders = new ArrayList<>();
            for (int i = 0; i < sizes; i++) {
                builders.add(FlowMembers.builder("a2a"));
            }
            int k = 0;
            for (int s = 0; s < p; s++) {
                for (int d = 0; d < p; d++) {
                    if (s != d) {
                        builders.get(k++ % sizes).add(s, d);
                    }
                }
            }
            List<FlowMembers> classes = new ArrayList<>();
            double[] bytes = new double[sizes];
            for (int i = 0; i < sizes; i++) {
                classes.add(builders.get(i).build());
                bytes[i] = (0.5 + (double) i / sizes) * (1 << 20);
            }
            simulation = new Simulation(1);
            model = new FlowLevelNetworkModel(simulation, fabric, false);
            Traffic traffic = Traffic.of("uneven all-to-all", new TrafficPhase(new PhaseShape(classes), bytes, 1.0),
                    0);
            model.start(traffic, () -> { });
            simulation.runUntil(0); // routes every flow and solves once
            System.err.printf(Locale.ROOT, "%nre-solve state: %d flows active after %d solve(s)%n",
                    traffic.phases().get(0).shape().flowCount(), model.solves());
        }

        /** A 1-byte transfer out of GPU 0 touches its NIC, which links every flow into one component. */
        @Benchmark
        public long reSolve1MFlows() {
            model.startTransfer(0, 1, 1, () -> { });
            simulation.runUntil(simulation.nowNs());
            return model.solvedVariables();
        }
    }
}
