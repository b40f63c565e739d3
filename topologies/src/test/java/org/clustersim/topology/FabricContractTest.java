package org.clustersim.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.clustersim.network.LinkTier;
import org.clustersim.network.Route;
import org.clustersim.network.RoutingMode;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.flow.PushRelabelMFImpl;
import org.jgrapht.alg.shortestpath.AllDirectedPaths;
import org.jgrapht.graph.AsWeightedGraph;
import org.jgrapht.graph.DirectedWeightedMultigraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every fabric must satisfy, checked on a small instance of each shape: node-major ranks, link tables that agree
 * with the JGraphT graph, routes that are connected paths whose even split conserves flow, hop counts and ECMP fan-out
 * against closed forms and against JGraphT's path enumeration, hashed routing that picks one of the ECMP paths, and
 * bisection bandwidth against a closed form and against max-flow on the full graph.
 */
abstract class FabricContractTest {

    /** A small instance (a few hundred vertices at most), so that path enumeration and full max-flow stay cheap. */
    abstract FabricParameters parameters();

    /** Bisection bandwidth of {@link #parameters()} by its closed form; NaN where halves do not fall on leaves. */
    abstract double closedFormBisectionBytesPerSecond();

    /** Hops of the route between two ranks, by the shape's rules. */
    abstract int expectedHops(ClusterFabric fabric, int src, int dst);

    /** Number of distinct equal-cost paths between two ranks, by the shape's closed form. */
    abstract long expectedPaths(ClusterFabric fabric, int src, int dst);

    /**
     * True when the fabric's paths between these ranks are all the shortest paths of the graph, so JGraphT's
     * enumeration must find exactly them. False where the graph has other paths of equal length that the routing does
     * not use by design (relaying over NVLink in the destination node, say).
     */
    boolean routedPathsAreAllShortestPaths(ClusterFabric fabric, int src, int dst) {
        return fabric.nodeOf(src) != fabric.nodeOf(dst);
    }

    ClusterFabric fabric() {
        return Topologies.build(parameters());
    }

    @Test
    void ranksAreNodeMajor() {
        ClusterFabric f = fabric();
        FabricParameters p = parameters();
        assertThat(f.endpointCount()).isEqualTo(p.nodes() * p.gpusPerNode());
        for (int rank = 0; rank < f.endpointCount(); rank++) {
            int node = rank / p.gpusPerNode();
            int gpu = f.endpointVertex(rank);
            assertThat(f.vertexKind(gpu)).isEqualTo(VertexKind.GPU);
            assertThat(f.nodeOf(rank)).isEqualTo(node);
            assertThat(f.localGpuOf(rank)).isEqualTo(rank - node * p.gpusPerNode());
            // its NVLink goes to its own node's NVSwitch, and every GPU of that node shares it
            int nvs = f.linkTarget(f.gpuToNvswitch(rank));
            assertThat(f.vertexKind(nvs)).isEqualTo(VertexKind.NVSWITCH);
            assertThat(f.vertexIndex(nvs)).isEqualTo(node);
            assertThat(f.linkSource(f.gpuToNvswitch(rank))).isEqualTo(gpu);
            // one NIC per GPU, attached over PCIe
            assertThat(f.linkSource(f.gpuToNic(rank))).isEqualTo(gpu);
            assertThat(f.linkTarget(f.gpuToNic(rank))).isEqualTo(f.nicVertex(rank));
            assertThat(f.tier(f.gpuToNic(rank))).isEqualTo(LinkTier.PCIE);
        }
    }

    @Test
    void linkTablesAgreeWithTheGraphAndReverseLinks() {
        ClusterFabric f = fabric();
        Graph<Integer, Integer> g = f.graph();
        assertThat(g.vertexSet()).hasSize(f.vertexCount());
        assertThat(g.edgeSet()).hasSize(f.linkCount());
        for (int l = 0; l < f.linkCount(); l++) {
            assertThat(g.getEdgeSource(l)).isEqualTo(f.linkSource(l));
            assertThat(g.getEdgeTarget(l)).isEqualTo(f.linkTarget(l));
            int r = f.reverseLink(l);
            assertThat(f.linkSource(r)).isEqualTo(f.linkTarget(l));
            assertThat(f.linkTarget(r)).isEqualTo(f.linkSource(l));
            assertThat(f.tier(r)).isEqualTo(f.tier(l));
            double expected = f.tier(l) == LinkTier.NVLINK ? Hardware.NVLINK : Hardware.NIC;
            assertThat(f.capacityBytesPerSecond(l)).isEqualTo(expected);
            assertThat(f.efficiency(l)).isEqualTo(f.tier(l).isSwitchToSwitch() ? 1.0 : 0.8);
        }
        assertThat(g.getType().isModifiable()).isFalse();
    }

    @Test
    void billOfMaterialsCountsTheGraph() {
        ClusterFabric f = fabric();
        Map<VertexKind, Integer> vertices = new HashMap<>();
        for (int v = 0; v < f.vertexCount(); v++) {
            vertices.merge(f.vertexKind(v), 1, Integer::sum);
        }
        Map<LinkTier, Integer> links = new HashMap<>();
        for (int l = 0; l < f.linkCount(); l++) {
            links.merge(f.tier(l), 1, Integer::sum);
        }
        BillOfMaterials bom = f.billOfMaterials();
        assertThat(bom.leafSwitches()).isEqualTo(vertices.getOrDefault(VertexKind.LEAF, 0));
        assertThat(bom.spineSwitches()).isEqualTo(vertices.getOrDefault(VertexKind.SPINE, 0));
        assertThat(bom.coreSwitches()).isEqualTo(vertices.getOrDefault(VertexKind.CORE, 0));
        assertThat(bom.leafSpineLinks() * 2).isEqualTo((long) links.getOrDefault(LinkTier.LEAF_SPINE, 0));
        assertThat(bom.spineCoreLinks() * 2).isEqualTo((long) links.getOrDefault(LinkTier.SPINE_CORE, 0));
        assertThat(bom.nicLinks() * 2).isEqualTo((long) links.getOrDefault(LinkTier.NIC, 0));
        assertThat(bom.nics()).isEqualTo(vertices.get(VertexKind.NIC));
        assertThat(bom.transceivers()).isEqualTo(2 * bom.switchLinks() + bom.nicLinks());
        assertThat(bom.cables()).isEqualTo(bom.switchLinks() + bom.nicLinks());
        // no switch uses more ports than it has
        int radix = parameters().switchRadix();
        for (int v = 0; v < f.vertexCount(); v++) {
            VertexKind kind = f.vertexKind(v);
            if (kind == VertexKind.LEAF || kind == VertexKind.SPINE || kind == VertexKind.CORE) {
                assertThat(f.graph().outDegreeOf(v)).as(f.vertexName(v)).isLessThanOrEqualTo(radix);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void routesAreConnectedEvenSplitsWithTheRightHopsAndFanOut(long seed) {
        ClusterFabric f = fabric();
        Random random = new Random(seed);
        for (int i = 0; i < 200; i++) {
            int src = random.nextInt(f.endpointCount());
            int dst = random.nextInt(f.endpointCount());
            Route route = f.route(src, dst);
            if (src == dst) {
                assertThat(route.stageCount()).isZero();
                continue;
            }
            assertThat(route.stageCount()).as("hops %d -> %d", src, dst).isEqualTo(expectedHops(f, src, dst));
            assertConservesFlow(f, route, src, dst);
            assertThat(pathCount(f, route, src, dst)).as("paths %d -> %d", src, dst)
                    .isEqualTo(expectedPaths(f, src, dst));
            for (int s = 0; s < route.stageCount(); s++) {
                double latency = f.latencySeconds(route.link(s, 0));
                for (int j = 0; j < route.width(s); j++) {
                    assertThat(f.latencySeconds(route.link(s, j))).isEqualTo(latency);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void fanOutEqualsTheShortestPathsJGraphTFinds(long seed) {
        ClusterFabric f = fabric();
        Random random = new Random(seed);
        AllDirectedPaths<Integer, Integer> all = new AllDirectedPaths<>(f.graph());
        int checked = 0;
        for (int i = 0; i < 400 && checked < 25; i++) {
            int src = random.nextInt(f.endpointCount());
            int dst = random.nextInt(f.endpointCount());
            if (src == dst || !routedPathsAreAllShortestPaths(f, src, dst)) {
                continue;
            }
            Route route = f.route(src, dst);
            List<GraphPath<Integer, Integer>> paths = all.getAllPaths(f.endpointVertex(src), f.endpointVertex(dst),
                    true, route.stageCount());
            int shortest = paths.stream().mapToInt(GraphPath::getLength).min().orElseThrow();
            long count = paths.stream().filter(p -> p.getLength() == shortest).count();
            assertThat(shortest).as("%d -> %d", src, dst).isEqualTo(route.stageCount());
            assertThat(pathCount(f, route, src, dst)).as("%d -> %d", src, dst).isEqualTo(count);
            // and every path JGraphT finds uses only links of the matching route stage
            for (GraphPath<Integer, Integer> path : paths) {
                List<Integer> edges = path.getEdgeList();
                for (int s = 0; s < edges.size(); s++) {
                    assertThat(route.stageLinks(s)).contains(edges.get(s));
                }
            }
            checked++;
        }
        assertThat(checked).isPositive();
    }

    @ParameterizedTest
    @ValueSource(longs = {6, 7})
    void hashedRoutingPicksOneOfTheEcmpPathsAndSpreadsOverAll(long seed) {
        ClusterFabric ecmp = fabric();
        ClusterFabric hashed = Topologies.build(parameters().withRouting(RoutingMode.HASHED, seed));
        assertThat(hashed.routingMode()).isEqualTo(RoutingMode.HASHED);
        Random random = new Random(seed);
        for (int i = 0; i < 50; i++) {
            int src = random.nextInt(ecmp.endpointCount());
            int dst = random.nextInt(ecmp.endpointCount());
            Route all = ecmp.route(src, dst);
            Map<Integer, Set<Integer>> usedPerStage = new HashMap<>();
            for (long key = 0; key < 300; key++) {
                Route one = hashed.route(src, dst, key);
                assertThat(one.isSinglePath()).isTrue();
                assertThat(one.stageCount()).isEqualTo(all.stageCount());
                assertConservesFlow(hashed, one, src, dst);
                for (int s = 0; s < one.stageCount(); s++) {
                    assertThat(all.stageLinks(s)).contains(one.link(s, 0));
                    usedPerStage.computeIfAbsent(s, k -> new HashSet<>()).add(one.link(s, 0));
                }
                assertThat(hashed.route(src, dst, key)).isEqualTo(one);
            }
            // the first stage leaving the source's leaf offers all its up-links, and 300 keys reach all of them
            for (int s = 0; s < all.stageCount(); s++) {
                if (all.width(s) > 1 && sourceKind(ecmp, all.link(s, 0)) == VertexKind.LEAF) {
                    assertThat(usedPerStage.get(s)).hasSize(all.width(s));
                    break;
                }
            }
        }
    }

    @Test
    void routeLatenciesAddUpToTheMeasuredEndToEndFigures() {
        ClusterFabric f = fabric();
        for (int dst = 1; dst < f.endpointCount(); dst++) {
            Route route = f.route(0, dst);
            int hops = route.stageCount();
            double expected;
            if (f.nodeOf(dst) == 0) {
                expected = Hardware.NVLINK_LATENCY;
            } else {
                int relays = f.tier(route.link(0, 0)) == LinkTier.NVLINK ? 1 : 0;
                int switchHops = hops - 4 - 2 * relays;
                expected = Hardware.NIC_LATENCY + switchHops * Hardware.SWITCH_LATENCY
                        + relays * Hardware.NVLINK_LATENCY;
            }
            assertThat(f.latencySeconds(route)).as("0 -> %d", dst).isCloseTo(expected, within(1e-15));
        }
    }

    @Test
    void bisectionEqualsClosedFormAndMaxFlowOnTheFullGraph() {
        ClusterFabric f = fabric();
        double closedForm = closedFormBisectionBytesPerSecond();
        double full = fullGraphBisection(f);
        System.out.printf("%s: bisection %.1f GB/s (closed form %.1f, full-graph max-flow %.1f)%n", f.description(),
                f.bisectionBytesPerSecond() / 1e9, closedForm / 1e9, full / 1e9);
        assertThat(f.bisectionBytesPerSecond()).isCloseTo(full, within(1e-6 * full));
        if (!Double.isNaN(closedForm)) {
            assertThat(f.bisectionBytesPerSecond()).isCloseTo(closedForm, within(1e-6 * closedForm));
        }
    }

    private static VertexKind sourceKind(ClusterFabric fabric, int link) {
        return fabric.vertexKind(fabric.linkSource(link));
    }

    /** Max-flow from the GPUs of the first half of the nodes to those of the second, on every vertex and link. */
    static double fullGraphBisection(ClusterFabric f) {
        int nodes = f.nodeCount();
        int g = f.gpusPerNode();
        // JGraphT max-flow wants one source and one sink: wrap the fabric with super-terminals of unbounded capacity
        Graph<Integer, Integer> graph = f.graph();
        AsWeightedGraph<Integer, Integer> weighted = new AsWeightedGraph<>(graph,
                e -> f.capacityBytesPerSecond(e) / 1e9, false, false);
        DirectedWeightedMultigraph<Integer, Object> flow = new DirectedWeightedMultigraph<>(Object.class);
        for (Integer v : graph.vertexSet()) {
            flow.addVertex(v);
        }
        for (Integer e : graph.edgeSet()) {
            Object edge = new Object();
            flow.addEdge(graph.getEdgeSource(e), graph.getEdgeTarget(e), edge);
            flow.setEdgeWeight(edge, weighted.getEdgeWeight(e));
        }
        int source = -1;
        int sink = -2;
        flow.addVertex(source);
        flow.addVertex(sink);
        int split = nodes == 1 ? g / 2 : (nodes / 2) * g;
        int end = nodes == 1 ? 2 * (g / 2) : f.endpointCount();
        for (int r = 0; r < end; r++) {
            Object edge = new Object();
            if (r < split) {
                flow.addEdge(source, f.endpointVertex(r), edge);
            } else {
                flow.addEdge(f.endpointVertex(r), sink, edge);
            }
            flow.setEdgeWeight(edge, 1e9);
        }
        return new PushRelabelMFImpl<>(flow).calculateMaximumFlow(source, sink) * 1e9;
    }

    /** Checks that the route is a connected path from src to dst whose even split conserves flow at every vertex. */
    static void assertConservesFlow(ClusterFabric f, Route route, int src, int dst) {
        Map<Integer, Double> arriving = new HashMap<>();
        arriving.put(f.endpointVertex(src), 1.0);
        for (int s = 0; s < route.stageCount(); s++) {
            Map<Integer, Double> leaving = new HashMap<>();
            Map<Integer, Double> next = new HashMap<>();
            for (int j = 0; j < route.width(s); j++) {
                int link = route.link(s, j);
                leaving.merge(f.linkSource(link), route.weight(s), Double::sum);
                next.merge(f.linkTarget(link), route.weight(s), Double::sum);
            }
            assertThat(leaving.keySet()).as("stage %d leaves from where the flow is", s)
                    .isEqualTo(arriving.keySet());
            for (Map.Entry<Integer, Double> e : leaving.entrySet()) {
                assertThat(e.getValue()).as("stage %d conserves flow at %s", s, f.vertexName(e.getKey()))
                        .isCloseTo(arriving.get(e.getKey()), within(1e-12));
            }
            arriving = next;
        }
        assertThat(arriving).containsOnlyKeys(f.endpointVertex(dst));
        assertThat(arriving.get(f.endpointVertex(dst))).isCloseTo(1.0, within(1e-12));
    }

    /** Distinct paths through the stages (a link continues a path only from where that path is). */
    static long pathCount(ClusterFabric f, Route route, int src, int dst) {
        Map<Integer, Long> at = new HashMap<>();
        at.put(f.endpointVertex(src), 1L);
        for (int s = 0; s < route.stageCount(); s++) {
            Map<Integer, Long> next = new HashMap<>();
            for (int j = 0; j < route.width(s); j++) {
                int link = route.link(s, j);
                Long here = at.get(f.linkSource(link));
                if (here != null) {
                    next.merge(f.linkTarget(link), here, Long::sum);
                }
            }
            at = next;
        }
        return at.getOrDefault(f.endpointVertex(dst), 0L);
    }
}
