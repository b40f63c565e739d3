package org.clustersim.collective;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * NCCL's own cost model for choosing a collective's algorithm and protocol ({@code src/graph/tuning.cc}, v2.30.7, as
 * summarised in network-and-collectives.md §3.3): time = latency + bytes / algBw, evaluated for every enabled
 * (algorithm, protocol) pair, minimum wins. Constants below are NCCL's tables, in µs and GB/s.
 *
 * <p>Simplifications, stated: the graph search is replaced by the hardware bus bandwidth of the path (NVLink inside a
 * node, the GPU's NIC share across nodes); NVLS, CollNet and PAT are not modelled; Tree's size-dependent
 * {@code treeCorrectionFactor} is omitted; a multi-node CPU is taken to be Intel (netOverhead 1 µs). The
 * hierarchical all-reduce is clustersim's own composition of three ring collectives.
 */
public final class NcclTuningModel {

    // Indices: [protocol LL, LL128, SIMPLE]
    private static final double[] BASE_LAT_TREE = {6.8, 14.0, 8.4};
    private static final double[] BASE_LAT_RING = {6.6, 14.0, 8.4};
    private static final double[] HW_LAT_NVLINK_TREE = {0.6, 1.25, 4.0};
    private static final double[] HW_LAT_NVLINK_RING = {0.6, 1.9, 3.4};
    private static final double[] HW_LAT_NET_TREE = {5.0, 8.5, 14.0};
    private static final double[] HW_LAT_NET_RING = {2.7, 4.0, 14.0};

    // Indices: [generation VOLTA, AMPERE, HOPPER, BLACKWELL][nodes 1, 2, 4+]
    private static final double[][] LL_MAX_BW = {{39.0, 39.0, 20.4}, {87.7, 22.5, 19.0}, {141.0, 45.0, 35.0},
            {282, 90, 70}};
    private static final double[][] PER_CH_MAX_RING_LL128_BW = {{20, 20, 20}, {20, 20, 20}, {36.7, 36.7, 36.7},
            {40, 40, 40}};
    private static final double[][] PER_CH_MAX_TREE_LL128_BW = {{20, 20, 20}, {20, 20, 20}, {36.7, 36.7, 29.0},
            {55.6, 31.67, 20.0}};
    private static final double[][] PER_CH_MAX_TREE_BW = {{26.5, 18.5, 10.0}, {24.0, 23.6, 17.8}, {38.7, 41.4, 36.0},
            {70.0, 42.8, 24.0}};

    private static final double NET_OVERHEAD_US = 1.0; // Intel host; x3 for Simple
    private static final double PLATEAU_FACTOR = 1.4;  // Ring/Simple all-reduce across nodes, Ampere and later
    /** Point-to-point (all-to-all, send/recv) startup: NCCL's Simple base latency plus one network hop. */
    private static final double P2P_BASE_US = 8.4;

    private final GpuGeneration generation;
    private final int channels;

    /**
     * @param channels NCCL channels (each runs on one SM pair); DeepSeek's 20 communication SMs are 10 channels
     *                 (deepseek-v3.md A.3).
     */
    public NcclTuningModel(GpuGeneration generation, int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1");
        }
        this.generation = generation;
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }

    /** The fastest enabled (algorithm, protocol) for this collective, or the fastest of one algorithm if given. */
    public CollectiveChoice choose(CollectiveKind kind, CollectiveGroup group, double bytes, PathBandwidths bw,
                                   Algorithm only) {
        List<CollectiveChoice> all = candidates(kind, group, bytes, bw);
        return all.stream()
                .filter(c -> only == null || c.algorithm() == only)
                .min(Comparator.comparingDouble(CollectiveChoice::timeSeconds))
                .orElseThrow(() -> new IllegalArgumentException(
                        "algorithm " + (only == null ? "auto" : only.spelling()) + " cannot run " + kind.spelling()
                                + " on " + group.ranks() + " ranks over " + group.nodes() + " nodes"));
    }

    /** Every enabled (algorithm, protocol) pair with its predicted time. */
    public List<CollectiveChoice> candidates(CollectiveKind kind, CollectiveGroup group, double bytes,
                                             PathBandwidths bw) {
        if (!(bytes >= 0)) {
            throw new IllegalArgumentException("bytes must be >= 0");
        }
        List<CollectiveChoice> out = new ArrayList<>();
        switch (kind) {
            case ALL_REDUCE -> {
                for (Protocol p : enabledProtocols()) {
                    out.add(ring(kind, group, bytes, bw, p));
                    if (group.nodes() > 1) {
                        out.add(tree(group, bytes, bw, p));
                        if (group.ranksPerNode() > 1) {
                            out.add(hierarchical(group, bytes, bw, p));
                        }
                    }
                }
            }
            case ALL_GATHER, REDUCE_SCATTER, BROADCAST, KV_ALL_GATHER -> {
                for (Protocol p : enabledProtocols()) {
                    out.add(ring(kind, group, bytes, bw, p));
                }
            }
            case ALL_TO_ALL, MOE_DISPATCH, MOE_COMBINE, SEND_RECV -> out.add(direct(kind, group, bytes, bw));
            case KV_RING_EXCHANGE -> out.add(ringExchange(group, bytes, bw));
        }
        return out;
    }

    /**
     * The candidate of one (algorithm, protocol) pair, for callers that run a choice's parts separately (the
     * hierarchical all-reduce's three rings). Protocol is ignored by algorithms that have only one (direct).
     */
    public CollectiveChoice choose(CollectiveKind kind, CollectiveGroup group, double bytes, PathBandwidths bw,
                                   Algorithm algorithm, Protocol protocol) {
        return candidates(kind, group, bytes, bw).stream()
                .filter(c -> c.algorithm() == algorithm && (c.protocol() == protocol
                        || c.algorithm() == Algorithm.DIRECT))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(algorithm.spelling() + "/" + protocol
                        + " cannot run " + kind.spelling() + " on " + group.ranks() + " ranks over " + group.nodes()
                        + " nodes"));
    }

    /**
     * The three ring collectives of a hierarchical all-reduce with one protocol: intra-node reduce-scatter of the
     * whole buffer, inter-node all-reduce of 1/g of it on each rail, intra-node all-gather.
     */
    public List<CollectiveChoice> hierarchicalParts(CollectiveGroup group, double bytes, PathBandwidths bw,
                                                    Protocol p) {
        int perNode = group.ranksPerNode();
        CollectiveGroup local = new CollectiveGroup(perNode, 1);
        CollectiveGroup rail = new CollectiveGroup(group.nodes(), group.nodes());
        PathBandwidths railBw = new PathBandwidths(bw.interBytesPerSecond(), bw.interBytesPerSecond());
        return List.of(ring(CollectiveKind.REDUCE_SCATTER, local, bytes, bw, p),
                ring(CollectiveKind.ALL_REDUCE, rail, bytes / perNode, railBw, p),
                ring(CollectiveKind.ALL_GATHER, local, bytes, bw, p));
    }

    /** LL128 is on by default only from Hopper on (tuning.cc); LL and Simple everywhere. */
    private List<Protocol> enabledProtocols() {
        return generation.ordinal() >= GpuGeneration.HOPPER.ordinal()
                ? List.of(Protocol.LL, Protocol.LL128, Protocol.SIMPLE)
                : List.of(Protocol.LL, Protocol.SIMPLE);
    }

    private int nodeIndex(int nodes) {
        return nodes == 1 ? 0 : nodes == 2 ? 1 : 2;
    }

    /**
     * Bus bandwidth the hardware offers a ring or tree: NVLink on one node. Across nodes NCCL runs one channel per
     * rail, so a node's g NICs carry g rings' inter-node hops side by side and the bound is the slower of NVLink and
     * g x the per-GPU NIC share (what NCCL's nChannels x bwInter amounts to).
     */
    private static double hardwareBusBw(CollectiveGroup group, PathBandwidths bw) {
        return group.nodes() == 1 ? bw.intraBytesPerSecond()
                : Math.min(bw.intraBytesPerSecond(), bw.interBytesPerSecond() * group.ranksPerNode());
    }

    private CollectiveChoice ring(CollectiveKind kind, CollectiveGroup group, double bytes, PathBandwidths bw,
                                  Protocol p) {
        int n = group.ranks();
        int nodes = group.nodes();
        int g = generation.ordinal();
        int ni = nodeIndex(nodes);
        double hw = hardwareBusBw(group, bw);
        double busBw = switch (p) {
            case LL -> Math.min(LL_MAX_BW[g][ni] * 1e9, 0.5 * hw);
            case LL128 -> Math.min(0.92 * hw, channels * PER_CH_MAX_RING_LL128_BW[g][ni] * 1e9);
            case SIMPLE -> hw;
        };
        int nsteps = switch (kind) {
            case ALL_REDUCE -> 2 * (n - 1);
            case BROADCAST -> n;
            default -> n - 1;
        };
        int nInterSteps = nodes == 1 ? 0 : kind == CollectiveKind.ALL_REDUCE ? 2 * (nodes - 1) : nodes - 1;
        double intraLat = HW_LAT_NVLINK_RING[p.index()];
        if (nodes > 1) {
            intraLat = Math.max(intraLat, NET_OVERHEAD_US * (p == Protocol.SIMPLE ? 3 : 1));
        }
        double latUs = BASE_LAT_RING[p.index()] + Math.max(0, nsteps - nInterSteps) * intraLat
                + nInterSteps * HW_LAT_NET_RING[p.index()];
        if (kind == CollectiveKind.ALL_REDUCE && p == Protocol.SIMPLE && nodes > 1
                && bytes / ((double) channels * n) >= 64 && generation.ordinal() >= GpuGeneration.AMPERE.ordinal()) {
            latUs *= PLATEAU_FACTOR;
        }
        double algBw = n == 1 ? Double.POSITIVE_INFINITY : busBw * n / nsteps;
        if (kind == CollectiveKind.BROADCAST) {
            algBw = busBw; // nsteps = n: algBw = busBw x n / n
        }
        return choice(kind, Algorithm.RING, p, group, bytes, busBw, algBw, n == 1 ? 0 : latUs * 1e-6, hw);
    }

    private CollectiveChoice tree(CollectiveGroup group, double bytes, PathBandwidths bw, Protocol p) {
        int g = generation.ordinal();
        int ni = nodeIndex(group.nodes());
        double hw = hardwareBusBw(group, bw);
        double busBw = Math.min(0.92 * hw, channels * PER_CH_MAX_TREE_BW[g][ni] * 1e9);
        if (p == Protocol.LL) {
            busBw = Math.min(busBw / 3.8, LL_MAX_BW[g][ni] * 1e9);
        } else if (p == Protocol.LL128) {
            busBw = Math.min(busBw * (group.nodes() == 1 ? 7.0 / 9.0 : 120.0 / 128.0),
                    channels * PER_CH_MAX_TREE_LL128_BW[g][ni] * 1e9);
        }
        double latUs = BASE_LAT_TREE[p.index()] + 2 * ((group.ranksPerNode() - 1) * HW_LAT_NVLINK_TREE[p.index()]
                + log2(group.nodes()) * HW_LAT_NET_TREE[p.index()]);
        double algBw = busBw * 0.5;
        return choice(CollectiveKind.ALL_REDUCE, Algorithm.TREE, p, group, bytes, busBw, algBw, latUs * 1e-6, hw);
    }

    /**
     * Intra-node reduce-scatter, then an inter-node ring all-reduce of 1/g of the data on each of g rails at once,
     * then an intra-node all-gather. Its bus bandwidth is reported in all-reduce terms over all ranks.
     */
    private CollectiveChoice hierarchical(CollectiveGroup group, double bytes, PathBandwidths bw, Protocol p) {
        List<CollectiveChoice> parts = hierarchicalParts(group, bytes, bw, p);
        CollectiveChoice rs = parts.get(0);
        CollectiveChoice ar = parts.get(1);
        CollectiveChoice ag = parts.get(2);
        double latency = rs.latencySeconds() + ar.latencySeconds() + ag.latencySeconds();
        double transfer = (rs.timeSeconds() - rs.latencySeconds()) + (ar.timeSeconds() - ar.latencySeconds())
                + (ag.timeSeconds() - ag.latencySeconds());
        double algBw = transfer > 0 ? bytes / transfer : Double.POSITIVE_INFINITY;
        double busBw = algBw * CollectiveKind.ALL_REDUCE.busBandwidthFactor(group.ranks());
        double hw = hardwareBusBw(group, bw);
        return new CollectiveChoice(CollectiveKind.ALL_REDUCE, Algorithm.HIERARCHICAL, p, group.ranks(),
                group.nodes(), bytes, busBw, algBw, latency, latency + transfer, Math.min(1.0, busBw / hw));
    }

    /**
     * All-to-all by direct sends to every peer at once: each rank sends bytes x (n-1)/n, of which the on-node share
     * goes over NVLink and the rest over its NIC, in parallel. Latency is one point-to-point startup plus one hop.
     */
    private CollectiveChoice direct(CollectiveKind kind, CollectiveGroup group, double bytes, PathBandwidths bw) {
        int n = group.ranks();
        int perNode = group.ranksPerNode();
        double intraShare = n == 1 ? 0 : (double) (perNode - 1) / n;
        double interShare = n == 1 ? 0 : (double) (n - perNode) / n;
        if (kind == CollectiveKind.SEND_RECV) {
            intraShare = group.nodes() == 1 ? 1 : 0;
            interShare = group.nodes() == 1 ? 0 : 1;
        }
        double transfer = Math.max(bytes * intraShare / bw.intraBytesPerSecond(),
                bytes * interShare / bw.interBytesPerSecond());
        double hopUs = group.nodes() > 1 ? HW_LAT_NET_RING[Protocol.SIMPLE.index()]
                : HW_LAT_NVLINK_RING[Protocol.SIMPLE.index()];
        double latency = (P2P_BASE_US + hopUs) * 1e-6;
        double algBw = transfer > 0 ? bytes / transfer : Double.POSITIVE_INFINITY;
        double busBw = algBw * kind.busBandwidthFactor(n);
        return new CollectiveChoice(kind, Algorithm.DIRECT, Protocol.SIMPLE, n, group.nodes(), bytes, busBw, algBw,
                latency, latency + transfer, 1.0);
    }

    /**
     * Context parallelism's ring exchange: n-1 steps, each moving bytes/n to the ring successor; a step waits for its
     * slowest hop, which is a NIC once the ring leaves a node. Each step pays one point-to-point startup.
     */
    private CollectiveChoice ringExchange(CollectiveGroup group, double bytes, PathBandwidths bw) {
        int n = group.ranks();
        double hop = group.nodes() > 1 ? bw.interBytesPerSecond() : bw.intraBytesPerSecond();
        double hopUs = group.nodes() > 1 ? HW_LAT_NET_RING[Protocol.SIMPLE.index()]
                : HW_LAT_NVLINK_RING[Protocol.SIMPLE.index()];
        double latency = n == 1 ? 0 : (n - 1) * (P2P_BASE_US + hopUs) * 1e-6;
        double transfer = n == 1 ? 0 : bytes * (n - 1) / n / hop;
        double algBw = transfer > 0 ? bytes / transfer : Double.POSITIVE_INFINITY;
        double busBw = algBw * CollectiveKind.KV_RING_EXCHANGE.busBandwidthFactor(n);
        return new CollectiveChoice(CollectiveKind.KV_RING_EXCHANGE, Algorithm.RING, Protocol.SIMPLE, n, group.nodes(),
                bytes, busBw, algBw, latency, latency + transfer, 1.0);
    }

    private static CollectiveChoice choice(CollectiveKind kind, Algorithm algorithm, Protocol p, CollectiveGroup group,
                                           double bytes, double busBw, double algBw, double latencySeconds,
                                           double hardwareBusBw) {
        double transfer = Double.isInfinite(algBw) ? 0 : bytes / algBw;
        return new CollectiveChoice(kind, algorithm, p, group.ranks(), group.nodes(), bytes, busBw, algBw,
                latencySeconds, latencySeconds + transfer, busBw / hardwareBusBw);
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }
}
