package org.clustersim.topology;

import java.util.Locale;
import java.util.Objects;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.network.RoutingMode;
import org.clustersim.units.Bandwidth;
import org.clustersim.units.Duration;

/**
 * Everything a topology builder needs, with units. Switch ports run at the NIC line rate (one 400G port per NIC on
 * DeepSeek's fabric, deepseek-v3.md A.4), so the oversubscription of a tier is its ratio of down to up ports.
 *
 * @param nvlinkBandwidth   NVLink line rate per direction per GPU (H800: 200 GB/s)
 * @param nvlinkEfficiency  achievable fraction of it (exposed by the fabric, not applied to capacities)
 * @param nvlinkLatency     one-way small-message latency GPU to GPU through the NVSwitch
 * @param nicBandwidth      NIC line rate per direction (400 Gb/s = 50 GB/s)
 * @param nicEfficiency     achievable fraction of it (exposed, not applied)
 * @param nicLatency        one-way small-message latency GPU to GPU through two NICs and one leaf switch
 * @param switchRadix       ports per switch
 * @param oversubscription  leaf down-port to up-port ratio (1 = non-blocking); spines are always non-blocking
 * @param planes            planes of a multi-plane fat tree (ignored by the other shapes)
 * @param podNodes          nodes per pod of a 3-level fat tree; 0 = as many as the radix allows, pods balanced
 * @param switchLatency     latency added by each switch-to-switch hop
 * @param routingSeed       mixed into the hash of {@link RoutingMode#HASHED} routing
 */
public record FabricParameters(
        TopologyKind topology,
        int nodes,
        int gpusPerNode,
        int nicsPerNode,
        Bandwidth nvlinkBandwidth,
        double nvlinkEfficiency,
        Duration nvlinkLatency,
        Bandwidth nicBandwidth,
        double nicEfficiency,
        Duration nicLatency,
        int switchRadix,
        double oversubscription,
        int planes,
        int podNodes,
        Duration switchLatency,
        RoutingMode routing,
        long routingSeed) {

    /** 64-port switches: DeepSeek's 400G InfiniBand switches (deepseek-v3.md A.4). */
    public static final int DEFAULT_SWITCH_RADIX = 64;
    /**
     * 0.45 us per extra switch hop: ISCA'25 Table 5 gives 2.8 us same leaf and 3.7 us cross leaf for IB, two extra
     * switch hops (deepseek-v3.md A.4).
     */
    public static final Duration DEFAULT_SWITCH_LATENCY = Duration.ofMicros(0.45);

    public FabricParameters {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(nvlinkBandwidth, "nvlinkBandwidth");
        Objects.requireNonNull(nvlinkLatency, "nvlinkLatency");
        Objects.requireNonNull(nicBandwidth, "nicBandwidth");
        Objects.requireNonNull(nicLatency, "nicLatency");
        Objects.requireNonNull(switchLatency, "switchLatency");
        Objects.requireNonNull(routing, "routing");
    }

    /**
     * Parameters for a cluster's hardware with the defaults: 64-port switches, non-blocking, one plane per GPU of a
     * node for {@link TopologyKind#MULTI_PLANE}, automatic pods, 0.45 us per switch hop, ECMP.
     */
    public static FabricParameters forCluster(ClusterConfig cluster, TopologyKind topology) {
        return new FabricParameters(topology, cluster.nodes(), cluster.gpusPerNode(), cluster.node().nicsPerNode(),
                new Bandwidth(cluster.gpu().nvlinkBytesPerSecondPerDirection()), cluster.gpu().nvlinkEfficiency(),
                Duration.ofSeconds(cluster.node().nvlinkLatencySeconds()),
                new Bandwidth(cluster.node().nicBytesPerSecond()), cluster.node().nicEfficiency(),
                Duration.ofSeconds(cluster.node().nicLatencySeconds()), DEFAULT_SWITCH_RADIX, 1.0,
                topology == TopologyKind.MULTI_PLANE ? cluster.gpusPerNode() : 1, 0, DEFAULT_SWITCH_LATENCY,
                RoutingMode.ECMP, 1L);
    }

    public int endpoints() {
        return nodes * gpusPerNode;
    }

    public FabricParameters withTopology(TopologyKind value) {
        return new FabricParameters(value, nodes, gpusPerNode, nicsPerNode, nvlinkBandwidth, nvlinkEfficiency,
                nvlinkLatency, nicBandwidth, nicEfficiency, nicLatency, switchRadix, oversubscription, planes, podNodes,
                switchLatency, routing, routingSeed);
    }

    public FabricParameters withNodes(int value) {
        return new FabricParameters(topology, value, gpusPerNode, nicsPerNode, nvlinkBandwidth, nvlinkEfficiency,
                nvlinkLatency, nicBandwidth, nicEfficiency, nicLatency, switchRadix, oversubscription, planes, podNodes,
                switchLatency, routing, routingSeed);
    }

    public FabricParameters withSwitchRadix(int value) {
        return new FabricParameters(topology, nodes, gpusPerNode, nicsPerNode, nvlinkBandwidth, nvlinkEfficiency,
                nvlinkLatency, nicBandwidth, nicEfficiency, nicLatency, value, oversubscription, planes, podNodes,
                switchLatency, routing, routingSeed);
    }

    public FabricParameters withOversubscription(double value) {
        return new FabricParameters(topology, nodes, gpusPerNode, nicsPerNode, nvlinkBandwidth, nvlinkEfficiency,
                nvlinkLatency, nicBandwidth, nicEfficiency, nicLatency, switchRadix, value, planes, podNodes,
                switchLatency, routing, routingSeed);
    }

    public FabricParameters withPlanes(int value) {
        return new FabricParameters(topology, nodes, gpusPerNode, nicsPerNode, nvlinkBandwidth, nvlinkEfficiency,
                nvlinkLatency, nicBandwidth, nicEfficiency, nicLatency, switchRadix, oversubscription, value, podNodes,
                switchLatency, routing, routingSeed);
    }

    public FabricParameters withPodNodes(int value) {
        return new FabricParameters(topology, nodes, gpusPerNode, nicsPerNode, nvlinkBandwidth, nvlinkEfficiency,
                nvlinkLatency, nicBandwidth, nicEfficiency, nicLatency, switchRadix, oversubscription, planes, value,
                switchLatency, routing, routingSeed);
    }

    public FabricParameters withSwitchLatency(Duration value) {
        return new FabricParameters(topology, nodes, gpusPerNode, nicsPerNode, nvlinkBandwidth, nvlinkEfficiency,
                nvlinkLatency, nicBandwidth, nicEfficiency, nicLatency, switchRadix, oversubscription, planes, podNodes,
                value, routing, routingSeed);
    }

    public FabricParameters withRouting(RoutingMode mode, long seed) {
        return new FabricParameters(topology, nodes, gpusPerNode, nicsPerNode, nvlinkBandwidth, nvlinkEfficiency,
                nvlinkLatency, nicBandwidth, nicEfficiency, nicLatency, switchRadix, oversubscription, planes, podNodes,
                switchLatency, mode, seed);
    }

    /** Checks what every shape needs; shape-specific capacity checks live in the builders. */
    void validateCommon() {
        if (nodes < 1) {
            throw new TopologyParameterError("nodes", Integer.toString(nodes), "a fabric needs at least one node",
                    "set cluster.nodes to 1 or more");
        }
        if (gpusPerNode < 1) {
            throw new TopologyParameterError("gpusPerNode", Integer.toString(gpusPerNode),
                    "a node needs at least one GPU", "set cluster.gpusPerNode to 1 or more");
        }
        if (!(oversubscription >= 1) || Double.isInfinite(oversubscription)) {
            throw new TopologyParameterError("oversubscription", number(oversubscription),
                    "oversubscription " + number(oversubscription) + " is below 1",
                    "oversubscription is down-port to up-port bandwidth of a leaf: 1 is non-blocking, 3 is 3:1; "
                            + "values below 1 buy uplinks that no endpoint can fill");
        }
        if (switchRadix < 2) {
            throw new TopologyParameterError("switchRadix", Integer.toString(switchRadix),
                    "a switch needs at least 2 ports (one down, one up)", "use e.g. switchRadix: 64");
        }
        if (topology != TopologyKind.SINGLE_NODE && nicsPerNode < gpusPerNode) {
            throw new TopologyParameterError("nicsPerNode", Integer.toString(nicsPerNode),
                    "the fabric attaches one NIC per GPU, but the node has " + nicsPerNode + " NICs for "
                            + gpusPerNode + " GPUs",
                    "set cluster.node.nicsPerNode to at least cluster.gpusPerNode (" + gpusPerNode + ")");
        }
        if (!(nvlinkBandwidth.bytesPerSecond() > 0) && gpusPerNode > 1) {
            throw new TopologyParameterError("gpusPerNode", Integer.toString(gpusPerNode),
                    "GPUs of a node are joined by NVLink, but the GPU's NVLink bandwidth is 0",
                    "give the GPU an nvlinkBandwidth, or use one GPU per node");
        }
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.4g", value);
    }
}
