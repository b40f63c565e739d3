package org.clustersim.scenario.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.clustersim.network.RoutingMode;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.topology.BillOfMaterials;
import org.clustersim.topology.ClusterFabric;
import org.clustersim.topology.FabricParameters;
import org.clustersim.topology.NetworkPrices;
import org.clustersim.topology.TopologyKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FabricFactoryTest {

    static final Path DEEPSEEK = Path.of("examples", "deepseek-v3-2048xH800.yaml");

    @TempDir
    Path dir;

    Scenario load(String yaml, String... overrides) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, yaml);
        return new ScenarioLoader().load(file, List.of(overrides));
    }

    static String cluster(String nodes, String network) {
        return "name: t\ncluster:\n  gpu: H800\n  nodes: " + nodes + "\n" + (network == null ? "" : "  network:\n"
                + network);
    }

    @Test
    void deepSeekExampleBuildsItsEightPlaneFabric() {
        Scenario scenario = new ScenarioLoader().load(DEEPSEEK, List.of());
        FabricParameters p = FabricFactory.parameters(scenario);
        assertThat(p.topology()).isEqualTo(TopologyKind.MULTI_PLANE);
        assertThat(p.planes()).isEqualTo(8);
        assertThat(p.switchRadix()).isEqualTo(64);
        assertThat(p.switchLatency().seconds()).isEqualTo(0.45e-6);
        assertThat(p.nicBandwidth().bytesPerSecond()).isEqualTo(50e9);
        assertThat(p.nvlinkBandwidth().bytesPerSecond()).isEqualTo(200e9);
        ClusterFabric fabric = FabricFactory.build(scenario);
        BillOfMaterials bom = fabric.billOfMaterials();
        assertThat(fabric.endpointCount()).isEqualTo(2_048);
        assertThat(bom.switches()).isEqualTo(96);
        // ISCA'25 Table 3: FT2 and MPFT of 2,048 endpoints cost the same, $4.39K per endpoint
        double perEndpoint = bom.cost(FabricFactory.prices(scenario)).perEndpointUsd();
        System.out.printf("DeepSeek MPFT: $%.0f per endpoint (Table 3: $4,390)%n", perEndpoint);
        assertThat(perEndpoint).isBetween(4_390 * 0.99, 4_390 * 1.01);
        // a cross-plane, cross-leaf flow: NVLink relay, then NIC, leaf, 4 spines, leaf, NIC
        assertThat(fabric.route(0, 2_047).stageCount()).isEqualTo(2 + 6);
    }

    @Test
    void defaultsWhenTheNetworkIsNotGiven() throws Exception {
        assertThat(FabricFactory.parameters(load(cluster("1", null))).topology()).isEqualTo(TopologyKind.SINGLE_NODE);
        assertThat(FabricFactory.parameters(load(cluster("256", null))).topology()).isEqualTo(TopologyKind.FAT_TREE);
        // 257 nodes x 8 GPUs exceed a 64-port 2-level tree's 2,048 endpoints
        assertThat(FabricFactory.parameters(load(cluster("257", null))).topology())
                .isEqualTo(TopologyKind.FAT_TREE_3);
        assertThat(FabricFactory.build(load(cluster("257", null))).endpointCount()).isEqualTo(2_056);
    }

    @Test
    void keysReachTheBuilder() throws Exception {
        Scenario s = load(cluster("64", "    topology: fat-tree-3\n    switchRadix: 32\n    oversubscription: 3\n"
                + "    podNodes: 8\n    routing: hashed\n    switchLatency: 1us\n"));
        FabricParameters p = FabricFactory.parameters(s);
        assertThat(p.topology()).isEqualTo(TopologyKind.FAT_TREE_3);
        assertThat(p.switchRadix()).isEqualTo(32);
        assertThat(p.oversubscription()).isEqualTo(3.0);
        assertThat(p.podNodes()).isEqualTo(8);
        assertThat(p.routing()).isEqualTo(RoutingMode.HASHED);
        assertThat(p.switchLatency().seconds()).isEqualTo(1e-6);
        ClusterFabric f = FabricFactory.build(s);
        assertThat(f.route(0, 511).isSinglePath()).isTrue();
        // 32 ports at 3:1: 24 down, 8 up; 8 nodes x 8 GPUs = 64 endpoints per pod = 3 leaves
        assertThat(f.billOfMaterials().leafSwitches()).isEqualTo(8 * 3);
    }

    @Test
    void planesNotDividingGpusPerNodeIsLocated() throws Exception {
        assertThatThrownBy(() -> FabricFactory.build(load(cluster("16", "    topology: multi-plane\n    planes: 3\n"))))
                .isInstanceOfSatisfying(ScenarioError.class, e -> {
                    assertThat(e.location().toString()).endsWith("s.yaml:7:13");
                    assertThat(e.getMessage()).contains("3 planes do not divide the 8 GPUs");
                    assertThat(e.value()).isEqualTo("3");
                    assertThat(e.hint()).contains("1, 2, 4, 8");
                });
    }

    @Test
    void radixTooSmallIsLocatedAtTheRadixAndNamesTheFix() throws Exception {
        assertThatThrownBy(() -> FabricFactory.build(load(cluster("512",
                "    topology: fat-tree\n    switchRadix: 64\n"))))
                .isInstanceOfSatisfying(ScenarioError.class, e -> {
                    assertThat(e.location().toString()).endsWith("s.yaml:7:18");
                    assertThat(e.getMessage()).contains("at most 2,048 endpoints", "4,096 GPUs");
                    assertThat(e.hint()).contains("fat-tree-3");
                });
        // not written in the file: the error points at the closest parent that was
        assertThatThrownBy(() -> FabricFactory.build(load(cluster("512", "    topology: rail-optimized\n"))))
                .isInstanceOfSatisfying(ScenarioError.class,
                        e -> assertThat(e.location().toString()).endsWith("s.yaml:6:5"));
    }

    @Test
    void singleNodeWithManyNodesIsLocatedAtNodes() throws Exception {
        assertThatThrownBy(() -> FabricFactory.build(load(cluster("4", "    topology: single-node\n"))))
                .isInstanceOfSatisfying(ScenarioError.class, e -> {
                    assertThat(e.location().toString()).endsWith("s.yaml:4:10");
                    assertThat(e.hint()).contains("cluster.nodes: 1");
                });
    }

    @Test
    void oversubscriptionBelowOneIsRefusedWhereItIsWritten() {
        assertThatThrownBy(() -> load(cluster("16", "    oversubscription: 0.5\n")))
                .isInstanceOfSatisfying(ScenarioError.class,
                        e -> assertThat(e.location().toString()).endsWith("s.yaml:6:23"));
    }

    @Test
    void pricesDefaultToTheCatalogAndYieldToTheScenario() throws Exception {
        NetworkPrices defaults = FabricFactory.prices(load(cluster("16", null)));
        assertThat(defaults).isEqualTo(NetworkPriceCatalog.defaults());
        NetworkPrices overridden = FabricFactory.prices(load(cluster("16",
                "    switchPrice: $50000/switch\n    nicPricePerNode: $12000/node\n")));
        assertThat(overridden.switchUsd()).isEqualTo(50_000);
        assertThat(overridden.linkUsd()).isEqualTo(defaults.linkUsd());
        assertThat(overridden.nicUsdPerNode()).isEqualTo(12_000);
        assertThat(overridden.source()).contains("switch price: scenario file", "fitted on ISCA'25 Table 3");
    }
}
