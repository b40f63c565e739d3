package org.clustersim.network.model;

import java.util.HashMap;
import java.util.Map;
import org.clustersim.network.Fabric;
import org.clustersim.network.LinkTier;
import org.clustersim.network.Route;
import org.clustersim.network.RoutingMode;

/**
 * A fabric whose links and routes a test writes down directly: for textbook max-min examples. Every rank is its own
 * node; links have the given capacities, efficiency 1 and no latency unless given.
 */
final class LineFabric implements Fabric {

    private final int endpoints;
    private final double[] capacity;
    private final double latency;
    private final Map<Long, Route> routes = new HashMap<>();

    LineFabric(int endpoints, double latencySeconds, double... capacity) {
        this.endpoints = endpoints;
        this.capacity = capacity.clone();
        this.latency = latencySeconds;
    }

    /** Declares the route of src -> dst as single links. */
    LineFabric withRoute(int src, int dst, int... links) {
        int[][] stages = new int[links.length][];
        for (int i = 0; i < links.length; i++) {
            stages[i] = new int[] {links[i]};
        }
        routes.put(((long) src << 32) | dst, new Route(stages));
        return this;
    }

    @Override
    public int endpointCount() {
        return endpoints;
    }

    @Override
    public int gpusPerNode() {
        return 1;
    }

    @Override
    public int vertexCount() {
        return endpoints;
    }

    @Override
    public int endpointVertex(int rank) {
        return rank;
    }

    @Override
    public int linkCount() {
        return capacity.length;
    }

    @Override
    public int linkSource(int link) {
        return 0;
    }

    @Override
    public int linkTarget(int link) {
        return 0;
    }

    @Override
    public int reverseLink(int link) {
        return link;
    }

    @Override
    public LinkTier tier(int link) {
        return LinkTier.NIC;
    }

    @Override
    public double capacityBytesPerSecond(int link) {
        return capacity[link];
    }

    @Override
    public double efficiency(int link) {
        return 1.0;
    }

    @Override
    public double latencySeconds(int link) {
        return latency;
    }

    @Override
    public RoutingMode routingMode() {
        return RoutingMode.HASHED;
    }

    @Override
    public Route route(int src, int dst, long flowKey) {
        if (src == dst) {
            return Route.EMPTY;
        }
        Route r = routes.get(((long) src << 32) | dst);
        if (r == null) {
            throw new IllegalArgumentException("no route " + src + " -> " + dst);
        }
        return r;
    }
}
