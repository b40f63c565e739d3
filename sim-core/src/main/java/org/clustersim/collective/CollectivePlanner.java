package org.clustersim.collective;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.clustersim.network.Fabric;
import org.clustersim.network.Route;
import org.clustersim.network.model.FlowMembers;
import org.clustersim.network.model.PhaseShape;
import org.clustersim.network.model.Traffic;
import org.clustersim.network.model.TrafficPhase;

/**
 * Turns a collective into flows: chooses algorithm and protocol once with {@link NcclTuningModel} (over path
 * bandwidths read from the fabric) and decomposes the algorithm into phases of flow classes. The plan carries the
 * choice's protocol efficiency and latency, so every network model runs the same collective.
 *
 * <p>Decompositions (p ranks per group on N nodes with m ranks each; S the bytes each rank moves):
 * <ul>
 *   <li><b>Ring</b> (all-reduce S = 2(p-1)/p n, all-gather and reduce-scatter (p-1)/p n, broadcast n): one phase in
 *       which every rank streams S to its ring successor, pipelined. Across nodes with m &gt; 1, m channels run side
 *       by side as NCCL does, channel c visiting each node's ranks from position c and leaving the node from rank c
 *       (the last rank of the node hands its data to rank c over NVLink, NCCL's PXN), so each channel's inter-node hop
 *       stays on one rail and each NIC carries S/m while each NVLink carries S: the tuning model's bound
 *       min(NVLink, m x NIC).</li>
 *   <li><b>Tree</b> (all-reduce): per channel, a chain through each node's ranks (reduce up, broadcast down: n/m each
 *       way) and NCCL's double binary tree over nodes between the chain heads, each tree carrying half (n/2m up and
 *       down); one pipelined phase.</li>
 *   <li><b>Hierarchical</b> (all-reduce): three phases, an intra-node ring reduce-scatter, m rail rings all-reducing n/m
 *       across nodes, an intra-node ring all-gather; each with its own protocol efficiency.</li>
 *   <li><b>Direct</b> (all-to-all): every rank sends n/p to every other rank at once; send/recv is one flow.</li>
 *   <li><b>KV ring exchange</b>: p-1 phases, each every rank sending n/p to its successor.</li>
 * </ul>
 * MoE dispatch and combine: {@link #plan(MoeExchange)}.
 *
 * <p>Flow shapes do not depend on the size, so they are built once per (collective, groups) and reused for every
 * size; network models cache their compiled form under the same objects.
 */
public final class CollectivePlanner {

    private static final int SHAPE_CACHE = 256;

    private final Fabric fabric;
    private final NcclTuningModel tuning;
    private final Map<Object, Object> shapes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
            return size() > SHAPE_CACHE;
        }
    };

    public CollectivePlanner(Fabric fabric, NcclTuningModel tuning) {
        this.fabric = Objects.requireNonNull(fabric, "fabric");
        this.tuning = Objects.requireNonNull(tuning, "tuning");
    }

    public Fabric fabric() {
        return fabric;
    }

    public NcclTuningModel tuning() {
        return tuning;
    }

    /**
     * Achievable bandwidth per GPU per direction inside a node and out of it, read from the fabric's routes from the
     * groups' first rank: the narrowest stage to a neighbour on its node (NVLink) and to the same GPU of the next node
     * (PCIe and NIC), each at line rate times efficiency.
     */
    public PathBandwidths pathBandwidths(RankGroups groups) {
        int r = groups.rank(0, 0);
        int g = fabric.gpusPerNode();
        int node = fabric.nodeOf(r);
        double intra = Double.NaN;
        double inter = Double.NaN;
        if (g > 1) {
            intra = narrowest(fabric.route(r, node * g + (fabric.localGpuOf(r) + 1) % g));
        }
        if (fabric.nodeCount() > 1) {
            inter = narrowest(fabric.route(r, ((node + 1) % fabric.nodeCount()) * g + fabric.localGpuOf(r)));
        }
        if (Double.isNaN(intra)) {
            intra = inter;
        }
        if (Double.isNaN(inter)) {
            inter = intra;
        }
        if (Double.isNaN(intra)) {
            throw new IllegalArgumentException("a fabric of one GPU has no paths");
        }
        return new PathBandwidths(intra, inter);
    }

    private double narrowest(Route route) {
        double min = Double.POSITIVE_INFINITY;
        for (int s = 0; s < route.stageCount(); s++) {
            double stageMin = Double.POSITIVE_INFINITY;
            for (int j = 0; j < route.width(s); j++) {
                int link = route.link(s, j);
                stageMin = Math.min(stageMin, fabric.capacityBytesPerSecond(link) * fabric.efficiency(link));
            }
            min = Math.min(min, stageMin * route.width(s));
        }
        return min;
    }

    /** The tuning model's view of the groups: ranks and nodes of the first group. */
    public CollectiveGroup tuningGroup(RankGroups groups) {
        return new CollectiveGroup(groups.size(), layout(groups, 0).nodes());
    }

    private RankGroups.Layout layout(RankGroups groups, int g) {
        return groups.layout(g, fabric.gpusPerNode());
    }

    /**
     * Plans an NCCL-style collective.
     *
     * @throws IllegalArgumentException if a rank is outside the fabric, or the requested algorithm cannot run it
     */
    public CollectivePlan plan(CollectiveSpec spec) {
        RankGroups groups = spec.groups();
        checkRanks(groups);
        CollectiveGroup group = tuningGroup(groups);
        PathBandwidths bw = pathBandwidths(groups);
        CollectiveChoice choice = choose(spec, group, bw, groups);
        double n = spec.bytes();
        int p = groups.size();
        String label = spec.kind().spelling() + " " + choice.algorithm().spelling() + "/" + choice.protocol() + " "
                + (long) n + " B over " + (groups.groupCount() > 1 ? groups.groupCount() + " x " : "") + p + " ranks";
        List<TrafficPhase> phases = new ArrayList<>();
        if (spec.kind() == CollectiveKind.KV_RING_EXCHANGE) {
            PhaseShape ring = cached(List.of("ring", 1, -1), groups, () -> ringShape(groups, 1, -1));
            for (int step = 0; step < p - 1; step++) {
                phases.add(TrafficPhase.uniform(ring, n / p, choice.protocolEfficiency()));
            }
        } else {
            switch (choice.algorithm()) {
                case RING -> {
                    int channels = ringChannels(groups);
                    int root = spec.kind() == CollectiveKind.BROADCAST ? spec.root() : -1;
                    PhaseShape shape = cached(List.of("ring", channels, root), groups,
                            () -> ringShape(groups, channels, root));
                    double perRank = switch (spec.kind()) {
                        case ALL_REDUCE -> 2.0 * (p - 1) / p * n;
                        case BROADCAST -> n;
                        default -> (double) (p - 1) / p * n;
                    };
                    phases.add(TrafficPhase.uniform(shape, perRank / channels, choice.protocolEfficiency()));
                }
                case TREE -> {
                    int channels = ringChannels(groups);
                    PhaseShape shape = cached(List.of("tree", channels), groups, () -> treeShape(groups, channels));
                    phases.add(new TrafficPhase(shape, new double[] {n / channels, n / channels,
                            n / (2.0 * channels), n / (2.0 * channels)}, choice.protocolEfficiency()));
                }
                case HIERARCHICAL -> {
                    int m = group.ranksPerNode();
                    int nodes = group.nodes();
                    List<CollectiveChoice> parts = tuning.hierarchicalParts(group, n, bw, choice.protocol());
                    PhaseShape local = cached(List.of("intra-ring"), groups, () -> intraNodeRings(groups));
                    PhaseShape rails = cached(List.of("rail-ring"), groups, () -> railRings(groups));
                    phases.add(TrafficPhase.uniform(local, (double) (m - 1) / m * n,
                            parts.get(0).protocolEfficiency()));
                    phases.add(TrafficPhase.uniform(rails, 2.0 * (nodes - 1) / nodes * n / m,
                            parts.get(1).protocolEfficiency()));
                    phases.add(TrafficPhase.uniform(local, (double) (m - 1) / m * n,
                            parts.get(2).protocolEfficiency()));
                }
                case DIRECT -> {
                    if (spec.kind() == CollectiveKind.SEND_RECV) {
                        PhaseShape shape = cached(List.of("send-recv"), groups, () -> pairs(groups));
                        phases.add(TrafficPhase.uniform(shape, n, choice.protocolEfficiency()));
                    } else {
                        PhaseShape shape = cached(List.of("all-to-all"), groups, () -> allToAll(groups));
                        phases.add(TrafficPhase.uniform(shape, n / p, choice.protocolEfficiency()));
                    }
                }
                default -> throw new IllegalStateException("no decomposition for " + choice.algorithm());
            }
        }
        return new CollectivePlan(spec.kind(), choice.algorithm(), choice.protocol(), p, group.nodes(), n,
                choice.timeSeconds(), new Traffic(label, phases, choice.latencySeconds()));
    }

    private CollectiveChoice choose(CollectiveSpec spec, CollectiveGroup group, PathBandwidths bw, RankGroups groups) {
        boolean evenLayout = hasEvenLayout(groups);
        if (spec.algorithm() == Algorithm.HIERARCHICAL && !evenLayout) {
            throw new IllegalArgumentException("hierarchical all-reduce needs the same number of ranks on every node "
                    + "of every group");
        }
        if (spec.algorithm() != null || evenLayout) {
            return tuning.choose(spec.kind(), group, spec.bytes(), bw, spec.algorithm());
        }
        return tuning.candidates(spec.kind(), group, spec.bytes(), bw).stream()
                .filter(c -> c.algorithm() != Algorithm.HIERARCHICAL)
                .min(java.util.Comparator.comparingDouble(CollectiveChoice::timeSeconds))
                .orElseThrow();
    }

    private void checkRanks(RankGroups groups) {
        if (groups.maxRank() >= fabric.endpointCount()) {
            throw new IllegalArgumentException("rank " + groups.maxRank() + " outside the fabric's "
                    + fabric.endpointCount() + " GPUs");
        }
    }

    /** True when every group has the same number of nodes and the same number of ranks on each. */
    private boolean hasEvenLayout(RankGroups groups) {
        RankGroups.Layout first = layout(groups, 0);
        int m = first.uniformRanksPerNode();
        if (m < 0) {
            return false;
        }
        for (int g = 1; g < groups.groupCount(); g++) {
            RankGroups.Layout l = layout(groups, g);
            if (l.nodes() != first.nodes() || l.uniformRanksPerNode() != m) {
                return false;
            }
        }
        return true;
    }

    /** Rail-aligned channels of a ring or tree: m when the groups span nodes with m &gt; 1 ranks on each, else 1. */
    private int ringChannels(RankGroups groups) {
        if (!hasEvenLayout(groups)) {
            return 1;
        }
        RankGroups.Layout l = layout(groups, 0);
        int m = l.uniformRanksPerNode();
        return l.nodes() > 1 && m > 1 ? m : 1;
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(List<Object> what, RankGroups groups, java.util.function.Supplier<T> build) {
        List<Object> key = List.of(what, groups);
        Object v = shapes.get(key);
        if (v == null) {
            v = build.get();
            shapes.put(key, v);
        }
        return (T) v;
    }

    // ---- decompositions ----

    private PhaseShape ringShape(RankGroups groups, int channels, int root) {
        FlowMembers.Builder intra = FlowMembers.builder("ring");
        FlowMembers.Builder inter = FlowMembers.builder("ring-inter-node");
        for (int g = 0; g < groups.groupCount(); g++) {
            int rootRank = root >= 0 ? groups.rank(g, root) : -1;
            RankGroups.Layout l = layout(groups, g);
            if (channels == 1) {
                int[] order = l.ordered();
                for (int i = 0; i < order.length; i++) {
                    int dst = order[(i + 1) % order.length];
                    if (dst != rootRank) {
                        intra.add(order[i], dst);
                    }
                }
                continue;
            }
            int m = channels;
            int nodes = l.nodes();
            for (int c = 0; c < m; c++) {
                for (int k = 0; k < nodes; k++) {
                    for (int i = 0; i < m - 1; i++) {
                        int dst = l.member(k, (c + i + 1) % m);
                        if (dst != rootRank) {
                            intra.add(l.member(k, (c + i) % m), dst);
                        }
                    }
                    int dst = l.member((k + 1) % nodes, c);
                    if (dst != rootRank) {
                        inter.add(l.member(k, (c + m - 1) % m), l.member(k, c), dst);
                    }
                }
            }
        }
        return shapeOf(intra, inter);
    }

    private PhaseShape treeShape(RankGroups groups, int channels) {
        FlowMembers.Builder chainUp = FlowMembers.builder("tree-chain-up");
        FlowMembers.Builder chainDown = FlowMembers.builder("tree-chain-down");
        FlowMembers.Builder treeUp = FlowMembers.builder("tree-up");
        FlowMembers.Builder treeDown = FlowMembers.builder("tree-down");
        for (int g = 0; g < groups.groupCount(); g++) {
            RankGroups.Layout l = layout(groups, g);
            int nodes = l.nodes();
            for (int c = 0; c < channels; c++) {
                for (int k = 0; k < nodes; k++) {
                    int mk = l.ranksOn(k);
                    for (int i = 0; i < mk - 1; i++) {
                        int a = l.member(k, (c + i) % mk);
                        int b = l.member(k, (c + i + 1) % mk);
                        chainDown.add(a, b);
                        chainUp.add(b, a);
                    }
                }
                for (int tree = 0; tree < 2; tree++) {
                    for (int v = 0; v < nodes; v++) {
                        int u = DoubleBinaryTree.parent(tree, nodes, v);
                        if (u >= 0) {
                            int child = l.member(v, c % l.ranksOn(v));
                            int parent = l.member(u, c % l.ranksOn(u));
                            treeUp.add(child, parent);
                            treeDown.add(parent, child);
                        }
                    }
                }
            }
        }
        return new PhaseShape(List.of(chainUp.build(), chainDown.build(), treeUp.build(), treeDown.build()));
    }

    private PhaseShape intraNodeRings(RankGroups groups) {
        FlowMembers.Builder ring = FlowMembers.builder("intra-node-ring");
        for (int g = 0; g < groups.groupCount(); g++) {
            RankGroups.Layout l = layout(groups, g);
            for (int k = 0; k < l.nodes(); k++) {
                int m = l.ranksOn(k);
                for (int j = 0; j < m; j++) {
                    ring.add(l.member(k, j), l.member(k, (j + 1) % m));
                }
            }
        }
        return PhaseShape.of(ring.build());
    }

    private PhaseShape railRings(RankGroups groups) {
        FlowMembers.Builder ring = FlowMembers.builder("rail-ring");
        for (int g = 0; g < groups.groupCount(); g++) {
            RankGroups.Layout l = layout(groups, g);
            int nodes = l.nodes();
            for (int j = 0; j < l.ranksOn(0); j++) {
                for (int k = 0; k < nodes; k++) {
                    ring.add(l.member(k, j), l.member((k + 1) % nodes, j));
                }
            }
        }
        return PhaseShape.of(ring.build());
    }

    private PhaseShape allToAll(RankGroups groups) {
        int gpn = fabric.gpusPerNode();
        long pairs = (long) groups.groupCount() * groups.size() * (groups.size() - 1);
        FlowMembers.Builder local = FlowMembers.builder("all-to-all-intra-node",
                (int) Math.min(pairs, (long) groups.groupCount() * groups.size() * (gpn - 1)));
        FlowMembers.Builder remote = FlowMembers.builder("all-to-all-inter-node", (int) Math.min(pairs, 1 << 30));
        for (int g = 0; g < groups.groupCount(); g++) {
            int p = groups.size();
            for (int i = 0; i < p; i++) {
                int s = groups.rank(g, i);
                for (int j = 0; j < p; j++) {
                    int d = groups.rank(g, j);
                    if (s / gpn == d / gpn) {
                        local.add(s, d);
                    } else {
                        remote.add(s, d);
                    }
                }
            }
        }
        return shapeOf(local, remote);
    }

    private PhaseShape pairs(RankGroups groups) {
        FlowMembers.Builder b = FlowMembers.builder("send-recv");
        for (int g = 0; g < groups.groupCount(); g++) {
            b.add(groups.rank(g, 0), groups.rank(g, 1));
        }
        return PhaseShape.of(b.build());
    }

    private static PhaseShape shapeOf(FlowMembers.Builder... builders) {
        List<FlowMembers> classes = new ArrayList<>();
        for (FlowMembers.Builder b : builders) {
            classes.add(b.build());
        }
        return new PhaseShape(classes);
    }

    // ---- MoE ----

    /**
     * Plans a DeepSeek-style MoE dispatch or combine ({@link MoeExchange}): which flows, with the latency of one
     * point-to-point exchange from the tuning model and full protocol efficiency (DeepEP's kernels stream at the
     * NIC's achievable rate, which the fabric's efficiency already holds).
     */
    public MoeTraffic plan(MoeExchange exchange) {
        RankGroups groups = exchange.groups();
        checkRanks(groups);
        ExpertHistogram h = exchange.histogram();
        for (int g = 0; g < groups.groupCount(); g++) {
            RankGroups.Layout l = layout(groups, g);
            if (l.nodes() != h.nodes() || l.uniformRanksPerNode() != h.ranksPerNode()) {
                throw new IllegalArgumentException("expert-parallel group " + g + " spans " + l.nodes() + " nodes with "
                        + l.uniformRanksPerNode() + " ranks on each, but the histogram is for " + h.nodes()
                        + " nodes of " + h.ranksPerNode());
            }
        }
        MoeFlows flows = cached(List.of("moe", exchange.kind(), exchange.deduplicate(), h), groups,
                () -> moeFlows(groups, h, exchange.kind() == CollectiveKind.MOE_COMBINE, exchange.deduplicate()));
        double bytesPerToken = exchange.bytesPerToken();
        double[] bytes = new double[flows.tokensPerFlow.length];
        for (int c = 0; c < bytes.length; c++) {
            bytes[c] = flows.tokensPerFlow[c] * bytesPerToken;
        }
        CollectiveGroup group = tuningGroup(groups);
        PathBandwidths bw = pathBandwidths(groups);
        double latency = tuning.choose(CollectiveKind.ALL_TO_ALL, group, 0, bw, null).latencySeconds();
        double predicted = latency + Math.max(
                flows.maxNicTokens * bytesPerToken / bw.interBytesPerSecond(),
                flows.maxNvlinkTokens * bytesPerToken / bw.intraBytesPerSecond());
        String label = exchange.kind().spelling() + (exchange.deduplicate() ? "" : " (no dedup)") + " over "
                + (groups.groupCount() > 1 ? groups.groupCount() + " x " : "") + groups.size() + " ranks";
        Traffic traffic = Traffic.of(label, new TrafficPhase(flows.shape, bytes, 1.0), latency);
        double logical = h.meanNodePairsPerRank() * bytesPerToken;
        CollectivePlan plan = new CollectivePlan(exchange.kind(), Algorithm.NODE_LIMITED, Protocol.SIMPLE,
                groups.size(), group.nodes(), logical, predicted, traffic);
        return new MoeTraffic(plan, logical, flows.meanIbTokens * bytesPerToken,
                flows.meanNvlinkTokens * bytesPerToken, h.meanRankPairsPerRank() * bytesPerToken);
    }

    /** Flow classes of an MoE exchange in tokens per flow; byte counts scale them by the bytes per token. */
    private record MoeFlows(PhaseShape shape, double[] tokensPerFlow, double maxNicTokens, double maxNvlinkTokens,
                            double meanIbTokens, double meanNvlinkTokens) {
    }

    /** Flows binned into classes by (role, tokens): equal-sized flows of one role start as one class. */
    private static final class Bins {
        final Map<List<Object>, FlowMembers.Builder> builders = new LinkedHashMap<>();
        final Map<List<Object>, Double> tokens = new LinkedHashMap<>();

        /** A dispatch flow src (via relay) to dst, reversed for combine. */
        void add(String role, double t, int src, int relay, int dst, boolean reverse) {
            List<Object> key = List.of(role, t);
            FlowMembers.Builder b = builders.computeIfAbsent(key, k -> FlowMembers.builder(role));
            if (reverse) {
                b.add(dst, relay, src);
            } else {
                b.add(src, relay, dst);
            }
            tokens.put(key, t);
        }
    }

    private MoeFlows moeFlows(RankGroups groups, ExpertHistogram h, boolean combine, boolean dedup) {
        Bins bins = new Bins();
        int m = h.ranksPerNode();
        int nodes = h.nodes();
        int ranks = fabric.endpointCount();
        Hops nic = new Hops(ranks, combine);
        Hops nvlink = new Hops(ranks, combine);
        for (int g = 0; g < groups.groupCount(); g++) {
            RankGroups.Layout l = layout(groups, g);
            for (int k = 0; k < nodes; k++) {
                for (int j = 0; j < m; j++) {
                    int s = k * m + j;
                    int src = l.member(k, j);
                    for (int b = 0; b < nodes; b++) {
                        // the GPU of node b on the source's rail (plane) receives the node's copy
                        int relay = l.member(b, j);
                        if (dedup && b != k) {
                            double t = h.tokensToNode(s, b);
                            if (t > 0) {
                                bins.add("ib", t, src, FlowMembers.NONE, relay, combine);
                                nic.add(src, relay, t);
                            }
                        }
                        for (int jj = 0; jj < m; jj++) {
                            int d = b * m + jj;
                            int dst = l.member(b, jj);
                            if (dst == src) {
                                continue;
                            }
                            double t = dedup ? h.tokensToRank(s, d) : h.tokensToExperts(s, d);
                            if (t <= 0) {
                                continue;
                            }
                            if (b == k) {
                                bins.add("nvlink-local", t, src, FlowMembers.NONE, dst, combine);
                                nvlink.add(src, dst, t);
                            } else if (!dedup) {
                                // one IB copy per (token, expert): IB to the rail GPU of node b, NVLink on from there
                                bins.add("ib-per-expert", t, src, relay, dst, combine);
                                nic.add(src, relay, t);
                                if (relay != dst) {
                                    nvlink.add(relay, dst, t);
                                }
                            } else if (dst != relay) {
                                bins.add("nvlink-forward", t, relay, FlowMembers.NONE, dst, combine);
                                nvlink.add(relay, dst, t);
                            }
                        }
                    }
                }
            }
        }
        List<FlowMembers> classes = new ArrayList<>();
        double[] tokens = new double[bins.builders.size()];
        int c = 0;
        for (Map.Entry<List<Object>, FlowMembers.Builder> e : bins.builders.entrySet()) {
            classes.add(e.getValue().build());
            tokens[c++] = bins.tokens.get(e.getKey());
        }
        int members = groups.groupCount() * groups.size();
        return new MoeFlows(new PhaseShape(classes), tokens, nic.max(), nvlink.max(), nic.total() / members,
                nvlink.total() / members);
    }

    /** Tokens each rank sends and receives over one kind of hop (dispatch direction, reversed for combine). */
    private static final class Hops {
        final double[] out;
        final double[] in;
        final boolean reverse;

        Hops(int ranks, boolean reverse) {
            this.out = new double[ranks];
            this.in = new double[ranks];
            this.reverse = reverse;
        }

        void add(int from, int to, double tokens) {
            out[reverse ? to : from] += tokens;
            in[reverse ? from : to] += tokens;
        }

        double max() {
            double max = 0;
            for (int r = 0; r < out.length; r++) {
                max = Math.max(max, Math.max(out[r], in[r]));
            }
            return max;
        }

        double total() {
            double sum = 0;
            for (double v : out) {
                sum += v;
            }
            return sum;
        }
    }
}
