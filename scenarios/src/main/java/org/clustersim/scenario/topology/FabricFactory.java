package org.clustersim.scenario.topology;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.engine.RandomStreams;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.network.RoutingMode;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.spec.NetworkSpec;
import org.clustersim.scenario.spec.TrainingSpec;
import org.clustersim.topology.ClusterFabric;
import org.clustersim.topology.FabricParameters;
import org.clustersim.topology.NetworkPrices;
import org.clustersim.topology.Topologies;
import org.clustersim.topology.TopologyKind;
import org.clustersim.topology.TopologyParameterError;
import org.clustersim.topology.TwoLevelFatTree;

/**
 * Maps a scenario's {@code cluster.network} section to {@link FabricParameters} and builds the fabric. Errors from the
 * builders name a parameter; this class points them at the line of the scenario that set it.
 *
 * <p>Defaults for absent keys: topology single-node for one node, otherwise a 2-level fat tree if it holds the GPUs
 * and a 3-level one if not; 64-port switches, 1:1, one plane per GPU of a node for multi-plane, pods sized by the
 * radix, 0.45 us per switch hop, ECMP (see {@link FabricParameters}).
 */
public final class FabricFactory {

    private FabricFactory() {
    }

    /** The parameters the scenario describes. */
    public static FabricParameters parameters(Scenario scenario) {
        ClusterConfig cluster = scenario.cluster();
        NetworkSpec network = network(scenario);
        TopologyKind kind = network.topology() != null ? kind(network.topology()) : TopologyKind.FAT_TREE;
        FabricParameters p = FabricParameters.forCluster(cluster, kind);
        if (network.switchRadix() != null) {
            p = p.withSwitchRadix(network.switchRadix());
        }
        if (network.oversubscription() != null) {
            p = p.withOversubscription(network.oversubscription());
        }
        if (network.planes() != null) {
            p = p.withPlanes(network.planes());
        }
        if (network.podNodes() != null) {
            p = p.withPodNodes(network.podNodes());
        }
        if (network.switchLatency() != null) {
            p = p.withSwitchLatency(network.switchLatency());
        }
        if (network.topology() == null) {
            p = p.withTopology(cluster.nodes() == 1 ? TopologyKind.SINGLE_NODE
                    : p.endpoints() <= TwoLevelFatTree.maxEndpoints(p) ? TopologyKind.FAT_TREE
                    : TopologyKind.FAT_TREE_3);
        }
        RoutingMode routing = network.routing() == NetworkSpec.Routing.HASHED ? RoutingMode.HASHED : RoutingMode.ECMP;
        return p.withRouting(routing, new RandomStreams(seed(scenario)).stream("routing").nextLong());
    }

    /** Builds the scenario's fabric; a topology that cannot be built is a located {@link ScenarioError}. */
    public static ClusterFabric build(Scenario scenario) {
        FabricParameters p = parameters(scenario);
        try {
            return Topologies.build(p);
        } catch (TopologyParameterError e) {
            throw new ScenarioError(scenario.spec().at(pathOf(e.parameter())), e.getMessage(), e.value(), e.hint(), e);
        }
    }

    /** Network unit prices: the catalog's fitted defaults, overridden by {@code cluster.network} prices. */
    public static NetworkPrices prices(Scenario scenario) {
        NetworkPrices defaults = NetworkPriceCatalog.defaults();
        NetworkSpec network = network(scenario);
        List<String> sources = new ArrayList<>();
        double switchUsd = defaults.switchUsd();
        double linkUsd = defaults.linkUsd();
        if (network.switchPrice() != null) {
            switchUsd = network.switchPrice().usd();
            sources.add("switch price: scenario file");
        }
        if (network.linkPrice() != null) {
            linkUsd = network.linkPrice().usd();
            sources.add("link price: scenario file");
        }
        if (network.switchPrice() == null || network.linkPrice() == null) {
            sources.add((sources.isEmpty() ? "" : "other prices: ") + defaults.source());
        }
        double nicUsdPerNode = 0;
        if (network.nicPricePerNode() != null) {
            nicUsdPerNode = network.nicPricePerNode().usd();
            sources.add("NIC price per node: scenario file");
        }
        return new NetworkPrices(switchUsd, linkUsd, nicUsdPerNode, String.join("; ", sources));
    }

    /** The scenario key path a builder parameter comes from. */
    static String pathOf(String parameter) {
        return switch (parameter) {
            case "nodes" -> "cluster.nodes";
            case "gpusPerNode" -> "cluster.gpusPerNode";
            case "nicsPerNode" -> "cluster.node.nicsPerNode";
            default -> "cluster.network." + parameter;
        };
    }

    private static NetworkSpec network(Scenario scenario) {
        NetworkSpec network = scenario.spec().value().cluster().network();
        return network != null ? network
                : new NetworkSpec(null, null, null, null, null, null, null, null, null, null, null);
    }

    private static TopologyKind kind(NetworkSpec.Topology topology) {
        return switch (topology) {
            case SINGLE_NODE -> TopologyKind.SINGLE_NODE;
            case FAT_TREE -> TopologyKind.FAT_TREE;
            case FAT_TREE_3 -> TopologyKind.FAT_TREE_3;
            case RAIL_OPTIMIZED -> TopologyKind.RAIL_OPTIMIZED;
            case MULTI_PLANE -> TopologyKind.MULTI_PLANE;
        };
    }

    private static long seed(Scenario scenario) {
        TrainingSpec training = scenario.spec().value().training();
        return training != null && training.seed() != null ? training.seed() : 1L;
    }
}
