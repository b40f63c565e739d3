package org.clustersim.network;

/**
 * A cluster's interconnect as the simulation sees it: endpoints (GPUs, numbered node-major as global ranks), directed
 * links with a tier, a capacity, an achievable fraction and a latency, and routes between endpoints. The
 * {@code topologies} module builds implementations; network models read them through this interface only.
 *
 * <p>Everything is int-indexed so that network models can keep per-link state in primitive arrays. Each direction of a
 * cable is its own link with its own capacity. Vertices (GPUs, NICs, NVSwitches, switches) are numbered
 * {@code 0 .. vertexCount()-1}; the vertex of rank r is {@link #endpointVertex(int)}.
 *
 * <p>Implementations are immutable and safe to share between threads.
 */
public interface Fabric {

    /** Number of endpoints: GPUs, which are also the global ranks. */
    int endpointCount();

    /** GPUs per node; rank = node x gpusPerNode + local GPU. */
    int gpusPerNode();

    /** Number of nodes (servers). */
    default int nodeCount() {
        return endpointCount() / gpusPerNode();
    }

    /** Node of a global rank (node-major numbering). */
    default int nodeOf(int rank) {
        return rank / gpusPerNode();
    }

    /** Local GPU index of a global rank within its node. */
    default int localGpuOf(int rank) {
        return rank % gpusPerNode();
    }

    /** Number of vertices of every kind (GPUs, NICs, NVSwitches, switches). */
    int vertexCount();

    /** The vertex of the GPU with this global rank. */
    int endpointVertex(int rank);

    /** Number of directed links. */
    int linkCount();

    /** Vertex a link leaves from. */
    int linkSource(int link);

    /** Vertex a link arrives at. */
    int linkTarget(int link);

    /** The other direction of the same cable. */
    int reverseLink(int link);

    LinkTier tier(int link);

    /** Line rate of this direction of the link. */
    double capacityBytesPerSecond(int link);

    /**
     * Achievable fraction of the line rate for traffic on this link (NVLink and NIC efficiencies of the hardware).
     * Kept apart from {@link #capacityBytesPerSecond(int)} so that each network model decides whether to apply it.
     */
    double efficiency(int link);

    /** One-way latency this link adds to a message; a route's latency is the sum over its stages. */
    double latencySeconds(int link);

    /** How {@link #route(int, int)} spreads a flow. */
    RoutingMode routingMode();

    /** Route of a flow from one rank to another ({@link Route#EMPTY} when they are the same rank). */
    default Route route(int srcRank, int dstRank) {
        return route(srcRank, dstRank, 0L);
    }

    /**
     * Route of a flow identified by {@code flowKey}. Under {@link RoutingMode#ECMP} the key is ignored; under
     * {@link RoutingMode#HASHED} it selects one of the equal-cost paths, deterministically.
     */
    Route route(int srcRank, int dstRank, long flowKey);

    /** One-way latency of a route: the sum over stages of the slowest alternative of each stage. */
    default double latencySeconds(Route route) {
        double total = 0;
        for (int s = 0; s < route.stageCount(); s++) {
            double stage = 0;
            for (int j = 0; j < route.width(s); j++) {
                stage = Math.max(stage, latencySeconds(route.link(s, j)));
            }
            total += stage;
        }
        return total;
    }
}
