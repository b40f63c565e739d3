package org.clustersim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.hardware.GpuType;
import org.clustersim.hardware.NodeType;
import org.clustersim.topology.ClusterFabric;
import org.clustersim.topology.FabricParameters;
import org.clustersim.topology.Topologies;
import org.clustersim.topology.TopologyKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time to build the two fabrics the topology issue promises in seconds: DeepSeek's 2,048-GPU 8-plane fat tree and a
 * 65,536-endpoint 3-level fat tree of 64-port switches (ISCA'25 Table 3's FT3 row). Single-shot: a build is what a
 * run pays once. The heap limit of the fork is part of the claim ("a modest heap").
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TopologyBuildBenchmark -f 1 -wi 1 -i 3 -bm ss}. Retained
 * heap: {@code java -Xmx512m -cp benchmarks/target/benchmarks.jar org.clustersim.bench.TopologyBuildBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class TopologyBuildBenchmark {

    @Param({"mpft-2048", "ft3-65536"})
    public String fabric;

    private FabricParameters parameters;

    @Setup
    public void setUp() {
        parameters = parametersOf(fabric);
    }

    @Benchmark
    public ClusterFabric build() {
        return Topologies.build(parameters);
    }

    /** H800 in HGX nodes with one 400 Gb/s NIC per GPU (deepseek-v3.md A.4; the catalog's H800 and hgx-8gpu). */
    static FabricParameters parametersOf(String name) {
        GpuType h800 = new GpuType("H800", "NVIDIA H800 SXM5", 989.4e12, 1978.9e12, 80 * Math.pow(2, 30), 3.35e12,
                200e9, 0.8, 700, 132);
        NodeType hgx = new NodeType("hgx-8gpu", 8, 50e9, 0.8, 2.8e-6, 3.33e-6, 4600);
        return switch (name) {
            case "mpft-2048" -> FabricParameters.forCluster(new ClusterConfig(h800, hgx, 256, 8),
                    TopologyKind.MULTI_PLANE);
            case "ft3-65536" -> FabricParameters.forCluster(new ClusterConfig(h800, hgx, 8_192, 8),
                    TopologyKind.FAT_TREE_3);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Prints build time, retained heap and bisection time of each fabric, one fresh build at a time. */
    public static void main(String[] args) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (String name : new String[] {"mpft-2048", "ft3-65536"}) {
            FabricParameters p = parametersOf(name);
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            long t0 = System.nanoTime();
            ClusterFabric built = Topologies.build(p);
            long t1 = System.nanoTime();
            System.gc();
            long after = memory.getHeapMemoryUsage().getUsed();
            double bisection = built.bisectionBytesPerSecond();
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%-10s %,9d vertices %,10d links  build %6.2f s  retained heap %5.0f MB"
                    + "  bisection %.1f TB/s in %.2f s  (max heap %d MB)%n", name, built.vertexCount(),
                    built.linkCount(), (t1 - t0) / 1e9, (after - before) / 1e6, bisection / 1e12, (t2 - t1) / 1e9,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }
}
