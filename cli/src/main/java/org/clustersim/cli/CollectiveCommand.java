package org.clustersim.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.clustersim.collective.Algorithm;
import org.clustersim.collective.CollectiveKind;
import org.clustersim.collective.CollectivePlan;
import org.clustersim.collective.CollectivePlanner;
import org.clustersim.collective.CollectiveRunner;
import org.clustersim.collective.CollectiveSpec;
import org.clustersim.collective.ExpertHistogram;
import org.clustersim.collective.GpuGeneration;
import org.clustersim.collective.MoeExchange;
import org.clustersim.collective.MoeTraffic;
import org.clustersim.collective.NcclTuningModel;
import org.clustersim.collective.RankGroups;
import org.clustersim.engine.Simulation;
import org.clustersim.error.UserError;
import org.clustersim.network.model.Fidelity;
import org.clustersim.network.model.NetworkModel;
import org.clustersim.network.model.NetworkModels;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.spec.ParallelismSpec;
import org.clustersim.scenario.topology.FabricFactory;
import org.clustersim.scenario.workload.ModelResolver;
import org.clustersim.topology.ClusterFabric;
import org.clustersim.units.DataSize;
import org.clustersim.units.UnitFormatException;
import org.clustersim.workload.FeedForward;
import org.clustersim.workload.ModelShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A simulated nccl-tests: runs one collective alone over the scenario's fabric for a range of sizes and prints the
 * table nccl-tests prints (size, count, time, algbw, busbw with nccl-tests' factors) plus the algorithm and protocol.
 * For MoE dispatch and combine the sizes are tokens per rank and the bandwidths are DeepEP's.
 */
@Command(name = "collective", mixinStandardHelpOptions = true,
        description = {"Simulate one collective over the scenario's cluster, like nccl-tests: for each size, the time "
                + "and the algorithm and bus bandwidths (nccl-tests' definitions), and the algorithm and protocol "
                + "NCCL's tuning model chooses.",
                "For moe-dispatch and moe-combine, --sizes are tokens per rank (default 4096) and the bandwidths are "
                        + "DeepEP's: RDMA = (token, node) pairs x bytes per token / time, NVL = received rows x "
                        + "bytes per token / time; hidden size, top-k, experts and node limit come from the "
                        + "scenario's model unless given."},
        footer = {"", "Example: clustersim collective deepseek-v3-2048xH800 --op all-reduce --ranks 0-63 --sizes 8K..8G"})
final class CollectiveCommand implements Callable<Integer> {

    static final List<CollectiveKind> OPS = List.of(CollectiveKind.ALL_REDUCE, CollectiveKind.ALL_GATHER,
            CollectiveKind.REDUCE_SCATTER, CollectiveKind.ALL_TO_ALL, CollectiveKind.BROADCAST,
            CollectiveKind.MOE_DISPATCH, CollectiveKind.MOE_COMBINE, CollectiveKind.SEND_RECV,
            CollectiveKind.KV_ALL_GATHER, CollectiveKind.KV_RING_EXCHANGE);

    /** NCCL channels when the scenario does not reserve communication SMs: an assumption (NCCL's typical 16). */
    static final int DEFAULT_CHANNELS = 16;
    static final int DEFAULT_MOE_TOKENS = 4096; // DeepEP's normal-kernel setting (deepseek-v3.md A.8)

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--op", required = true, paramLabel = "OP",
            description = "all-reduce, all-gather, reduce-scatter, all-to-all, broadcast, moe-dispatch, moe-combine "
                    + "(also send-recv, kv-all-gather, kv-ring-exchange).")
    String op;

    @Option(names = "--ranks", paramLabel = "LIST", defaultValue = "all",
            description = "Ranks of the group: ranges and single ranks, e.g. 0-63 or 0-7,64-71 (default: all GPUs). "
                    + "Ranks are node-major: rank = node x gpusPerNode + GPU. For send-recv: the two ends.")
    String ranks;

    @Option(names = "--sizes", paramLabel = "RANGE",
            description = "Sizes as nccl-tests counts them, binary K/M/G: 8K..8G (doubling), 1M, or 1M,64M "
                    + "(default 8..1G). All-reduce and broadcast: the buffer; all-gather and reduce-scatter: the "
                    + "total; all-to-all: the bytes each rank sends in all. MoE: tokens per rank (default 4096).")
    String sizes;

    @Option(names = "--step-factor", paramLabel = "F", defaultValue = "2",
            description = "Multiply the size by F between steps of a range (default 2, as nccl-tests -f 2).")
    double stepFactor;

    @Option(names = "--algorithm", paramLabel = "ALG", defaultValue = "auto",
            description = "auto (NCCL's tuning model chooses), ring, tree, hierarchical or direct.")
    String algorithm;

    @Option(names = "--fidelity", paramLabel = "F", defaultValue = "flow",
            description = "analytical (alpha-beta), flow (max-min fair flows with classes; default) or per-flow "
                    + "(every flow its own variable; with --set cluster.network.routing=hashed one path per flow).")
    String fidelity;

    @Option(names = "--root", paramLabel = "RANK", description = "Broadcast root (default: the first rank).")
    Integer root;

    @Option(names = "--hidden", paramLabel = "N", description = "MoE: hidden size (default: the scenario's model).")
    Integer hidden;

    @Option(names = "--top-k", paramLabel = "K", description = "MoE: routed experts per token (default: the model's).")
    Integer topK;

    @Option(names = "--experts", paramLabel = "E",
            description = "MoE: routed experts spread over the ranks (default: the model's).")
    Integer experts;

    @Option(names = "--node-limit", paramLabel = "M",
            description = "MoE: nodes a token may reach (default: the model's; DeepSeek-V3: 4).")
    Integer nodeLimit;

    @Option(names = "--no-dedup", description = "MoE: send one IB copy per (token, expert) instead of per node.")
    boolean noDedup;

    @Option(names = "--json", description = "Print an array of objects (sizeBytes, timeUs, algBwGBps, busBwGBps, "
            + "algorithm, ...) on stdout and nothing else there.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CollectiveKind kind = parseOp(op);
        Fidelity f = Fidelity.ofSpelling(fidelity);
        if (f == null) {
            throw new UserError("unknown fidelity '" + fidelity + "'", "use analytical, flow or per-flow");
        }
        Algorithm alg = parseAlgorithm(algorithm);
        if (!(stepFactor > 1) || Double.isInfinite(stepFactor)) {
            throw new UserError("--step-factor must be above 1, not " + stepFactor, "use e.g. --step-factor 2");
        }
        Scenario loaded = scenario.load();
        int gpus = loaded.cluster().gpuCount();
        int[] group = parseRanks(ranks, gpus);
        boolean moe = kind == CollectiveKind.MOE_DISPATCH || kind == CollectiveKind.MOE_COMBINE;
        List<Double> sizeList = parseSizes(sizes != null ? sizes : moe ? Integer.toString(DEFAULT_MOE_TOKENS) : "8..1G",
                stepFactor);
        ClusterFabric fabric = FabricFactory.build(loaded);
        NetworkModel network = NetworkModels.create(f, new Simulation(1), fabric);
        CollectivePlanner planner = new CollectivePlanner(fabric, new NcclTuningModel(
                GpuGeneration.of(loaded.cluster().gpu()), channels(loaded)));
        int nodes = (int) java.util.Arrays.stream(group).map(r -> r / fabric.gpusPerNode()).distinct().count();
        err.printf(Locale.ROOT, "clustersim: %s over %d ranks on %d node(s) of '%s' (%s), fidelity %s%n",
                kind.spelling(), group.length, nodes, loaded.name(), fabric.description(), f.spelling());
        List<Row> rows = new ArrayList<>();
        if (moe) {
            MoeSetup setup = moeSetup(loaded, group, fabric.gpusPerNode());
            for (double tokens : sizeList) {
                rows.add(runMoe(network, planner, kind, group, setup, tokens));
            }
        } else {
            RankGroups groups = RankGroups.of(group);
            if (kind == CollectiveKind.SEND_RECV && group.length != 2) {
                throw new UserError("send-recv needs exactly two ranks, got " + group.length,
                        "give --ranks SRC,DST, e.g. --ranks 0,8");
            }
            int rootIndex = 0;
            if (root != null) {
                rootIndex = indexOf(group, root);
            }
            for (double bytes : sizeList) {
                CollectivePlan plan;
                try {
                    plan = planner.plan(new CollectiveSpec(kind, groups, bytes, alg, rootIndex));
                } catch (IllegalArgumentException e) {
                    throw new UserError(e.getMessage(), "use --algorithm auto, or one the operation supports: ring "
                            + "(any), tree and hierarchical (all-reduce across nodes), direct (all-to-all, send-recv)");
                }
                double seconds = CollectiveRunner.seconds(network, plan.traffic());
                rows.add(Row.of(plan, seconds, null));
            }
        }
        if (json) {
            out.println(toJson(rows, kind, group.length, nodes, f));
        } else {
            print(out, rows, kind, group.length, nodes, f, fabric);
        }
        out.flush();
        return ExitCodes.OK;
    }

    // ---- running ----

    /** One line of the table. */
    record Row(double size, double count, double timeSeconds, double algBw, double busBw, String algorithm,
               double predictedSeconds, MoeColumns moe) {

        static Row of(CollectivePlan plan, double seconds, MoeColumns moe) {
            double algBw = seconds > 0 ? plan.sizeBytes() / seconds : Double.POSITIVE_INFINITY;
            double busBw = algBw * plan.kind().busBandwidthFactor(plan.ranks());
            return new Row(plan.sizeBytes(), plan.sizeBytes() / 4, seconds, algBw, busBw, plan.algorithmLabel(),
                    plan.predictedSeconds(), moe);
        }
    }

    record MoeColumns(double tokens, double rdmaBw, double nvlBw, double ibBytes, double nvlinkBytes,
                      double nodesPerToken) {
    }

    record MoeSetup(int hidden, int topK, int expertsPerRank, int nodeLimit, int ranksPerNode) {
    }

    private Row runMoe(NetworkModel network, CollectivePlanner planner, CollectiveKind kind, int[] group,
            MoeSetup s, double tokens) {
        ExpertHistogram histogram = ExpertHistogram.balanced(group.length, s.ranksPerNode(), s.expertsPerRank(),
                tokens, s.topK(), s.nodeLimit());
        RankGroups groups = RankGroups.of(group);
        MoeExchange exchange = kind == CollectiveKind.MOE_DISPATCH ? MoeExchange.dispatch(groups, histogram, s.hidden())
                : MoeExchange.combine(groups, histogram, s.hidden());
        MoeTraffic t;
        try {
            t = planner.plan(exchange.withDeduplicate(!noDedup));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), "an expert-parallel group must hold the same number of ranks on each "
                    + "of its nodes, e.g. --ranks 0-63 for 8 full nodes");
        }
        double seconds = CollectiveRunner.seconds(network, t.plan().traffic());
        MoeColumns columns = new MoeColumns(tokens, t.logicalRdmaBytesPerRank() / seconds,
                t.receivedBytesPerRank() / seconds, t.ibBytesPerRank(), t.nvlinkBytesPerRank(),
                histogram.meanNodesPerToken());
        return Row.of(t.plan(), seconds, columns);
    }

    private MoeSetup moeSetup(Scenario loaded, int[] group, int gpusPerNode) {
        ModelShape model = new ModelResolver(Catalog.builtIn()).resolve(loaded);
        FeedForward.MixtureOfExperts m = model != null ? model.moe() : null;
        int h = hidden != null ? hidden : model != null ? model.hidden() : -1;
        int k = topK != null ? topK : m != null ? m.activeExperts() : -1;
        int e = experts != null ? experts : m != null ? m.routedExperts() : -1;
        if (h <= 0 || k <= 0 || e <= 0) {
            throw new UserError("the scenario has no MoE model to take hidden size, top-k and experts from",
                    "add model: deepseek-v3 to the scenario, or give --hidden 7168 --top-k 8 --experts 256");
        }
        int[] perNode = new int[group.length];
        int nodes = 0;
        int previous = -1;
        for (int r : group) {
            int node = r / gpusPerNode;
            if (node != previous) {
                nodes++;
                previous = node;
            }
            perNode[nodes - 1]++;
        }
        int ranksPerNode = perNode[0];
        for (int i = 0; i < nodes; i++) {
            if (perNode[i] != ranksPerNode) {
                throw new UserError("an expert-parallel group needs the same number of ranks on every node",
                        "use whole nodes, e.g. --ranks 0-63");
            }
        }
        if (e % group.length != 0) {
            throw new UserError(e + " routed experts do not spread evenly over " + group.length + " ranks",
                    "choose --ranks so that their number divides " + e + " (DeepSeek-V3: 256 experts on 64 GPUs)");
        }
        int limit = nodeLimit != null ? nodeLimit : m != null && m.nodeLimit() > 0 ? m.nodeLimit() : nodes;
        int reachable = Math.min(limit, nodes) * ranksPerNode * (e / group.length);
        if (limit < 1 || k > reachable) {
            throw new UserError("top-" + k + " cannot be met by the experts on " + Math.min(limit, nodes)
                    + " node(s) (" + reachable + ")", "raise --node-limit or use more ranks");
        }
        return new MoeSetup(h, k, e / group.length, limit, ranksPerNode);
    }

    /** NCCL channels: the scenario's communication SMs / 2 (one channel per SM pair), else an assumed 16. */
    private static int channels(Scenario loaded) {
        ParallelismSpec p = loaded.spec().value().parallelism();
        if (p != null && p.commSms() != null && p.commSms() >= 2) {
            return p.commSms() / 2;
        }
        return DEFAULT_CHANNELS;
    }

    // ---- parsing ----

    static CollectiveKind parseOp(String text) {
        CollectiveKind kind = CollectiveKind.ofSpelling(text);
        if (kind == null || !OPS.contains(kind)) {
            throw new UserError("unknown operation '" + text + "'", "use one of " + String.join(", ",
                    OPS.stream().map(CollectiveKind::spelling).toList()));
        }
        return kind;
    }

    static Algorithm parseAlgorithm(String text) {
        if (text.equalsIgnoreCase("auto")) {
            return null;
        }
        for (Algorithm a : Algorithm.values()) {
            if (a.spelling().equalsIgnoreCase(text.strip()) && a != Algorithm.NODE_LIMITED) {
                return a;
            }
        }
        throw new UserError("unknown algorithm '" + text + "'", "use auto, ring, tree, hierarchical or direct");
    }

    /** "0-63", "0-7,64-71", "5,9", "all". */
    static int[] parseRanks(String text, int gpus) {
        if (text.strip().equalsIgnoreCase("all")) {
            int[] all = new int[gpus];
            for (int i = 0; i < gpus; i++) {
                all[i] = i;
            }
            return all;
        }
        List<Integer> out = new ArrayList<>();
        BitSet seen = new BitSet();
        String hint = "give ranks between 0 and " + (gpus - 1) + " as ranges and single ranks, e.g. --ranks 0-63";
        for (String part : text.split(",")) {
            String p = part.strip();
            int from;
            int to;
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    from = Integer.parseInt(p.substring(0, dash).strip());
                    to = Integer.parseInt(p.substring(dash + 1).strip());
                } else {
                    from = Integer.parseInt(p);
                    to = from;
                }
            } catch (NumberFormatException e) {
                throw new UserError("bad rank list '" + text + "': '" + p + "' is not a rank or a range", hint);
            }
            if (from < 0 || to < from || to >= gpus) {
                throw new UserError("bad rank range '" + p + "': the cluster has ranks 0-" + (gpus - 1), hint);
            }
            for (int r = from; r <= to; r++) {
                if (seen.get(r)) {
                    throw new UserError("rank " + r + " is listed twice in '" + text + "'", hint);
                }
                seen.set(r);
                out.add(r);
            }
        }
        if (out.size() < 2) {
            throw new UserError("a collective needs at least 2 ranks, got " + out.size(), hint);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** "8K..8G" (stepping by the factor), "1M", "1M,64M". Binary K/M/G as nccl-tests. */
    static List<Double> parseSizes(String text, double factor) {
        String hint = "use e.g. --sizes 8K..8G, --sizes 1M or --sizes 1M,64M (binary K/M/G, as nccl-tests)";
        List<Double> out = new ArrayList<>();
        try {
            for (String part : text.split(",")) {
                String p = part.strip();
                int dots = p.indexOf("..");
                if (dots >= 0) {
                    double from = DataSize.parseBinaryShorthand(p.substring(0, dots)).bytes();
                    double to = DataSize.parseBinaryShorthand(p.substring(dots + 2)).bytes();
                    if (!(from > 0) || to < from) {
                        throw new UserError("bad size range '" + p + "': it must run from a size above 0 up", hint);
                    }
                    for (double s = from; s <= to * (1 + 1e-12); s *= factor) {
                        out.add(Math.rint(s));
                        if (out.size() > 1000) {
                            throw new UserError("size range '" + p + "' has more than 1000 steps", hint);
                        }
                    }
                } else {
                    double s = DataSize.parseBinaryShorthand(p).bytes();
                    if (!(s > 0)) {
                        throw new UserError("size '" + p + "' must be above 0", hint);
                    }
                    out.add(s);
                }
            }
        } catch (UnitFormatException e) {
            throw new UserError("bad size '" + text + "': " + e.getMessage(), hint);
        } catch (UserError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UserError("bad size '" + text + "': " + e.getMessage(), hint);
        }
        return out;
    }

    private static int indexOf(int[] group, int rank) {
        for (int i = 0; i < group.length; i++) {
            if (group[i] == rank) {
                return i;
            }
        }
        throw new UserError("root " + rank + " is not one of the ranks", "give a --root from --ranks");
    }

    // ---- output ----

    private static void print(PrintWriter out, List<Row> rows, CollectiveKind kind, int ranks, int nodes, Fidelity f,
            ClusterFabric fabric) {
        out.printf(Locale.ROOT, "# clustersim collective: %s, %d ranks on %d node(s), fidelity %s%n", kind.spelling(),
                ranks, nodes, f.spelling());
        out.printf(Locale.ROOT, "# fabric: %s%n", fabric.description());
        boolean moe = kind == CollectiveKind.MOE_DISPATCH || kind == CollectiveKind.MOE_COMBINE;
        if (moe) {
            out.printf(Locale.ROOT, "# size = DeepEP's RDMA bytes per rank: (token, node) pairs incl. own node x "
                    + "bytes per token; rdma and nvl bandwidths are DeepEP's%n");
            out.printf(Locale.ROOT, "#%9s %14s %10s %11s %11s %11s %11s  %s%n", "tokens", "size(B)", "nodes/tok",
                    "time(us)", "rdma(GB/s)", "nvl(GB/s)", "busbw(GB/s)", "algorithm");
            for (Row r : rows) {
                out.printf(Locale.ROOT, "%10.0f %14.0f %10.3f %11.2f %11.2f %11.2f %11.2f  %s%n", r.moe().tokens(),
                        r.size(), r.moe().nodesPerToken(), r.timeSeconds() * 1e6, r.moe().rdmaBw() / 1e9,
                        r.moe().nvlBw() / 1e9, r.busBw() / 1e9, r.algorithm());
            }
            return;
        }
        String type = kind == CollectiveKind.ALL_REDUCE || kind == CollectiveKind.REDUCE_SCATTER ? "sum" : "none";
        out.printf(Locale.ROOT, "#%13s %12s %6s %6s %11s %11s %11s  %s%n", "size(B)", "count", "type", "redop",
                "time(us)", "algbw(GB/s)", "busbw(GB/s)", "algorithm");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%14.0f %12.0f %6s %6s %11.2f %11.2f %11.2f  %s%n", r.size(), r.count(), "float",
                    type, r.timeSeconds() * 1e6, r.algBw() / 1e9, r.busBw() / 1e9, r.algorithm());
        }
        double[] bus = rows.stream().mapToDouble(Row::busBw).filter(Double::isFinite).toArray();
        if (bus.length > 0) {
            out.printf(Locale.ROOT, "# Avg bus bandwidth    : %.3f GB/s%n",
                    java.util.Arrays.stream(bus).average().orElse(0) / 1e9);
        }
    }

    private static String toJson(List<Row> rows, CollectiveKind kind, int ranks, int nodes, Fidelity f) {
        JsonMapper mapper = JsonMapper.builder().build();
        ArrayNode array = mapper.createArrayNode();
        for (Row r : rows) {
            ObjectNode o = array.addObject();
            o.put("op", kind.spelling());
            o.put("ranks", ranks);
            o.put("nodes", nodes);
            o.put("fidelity", f.spelling());
            if (r.moe() == null) {
                o.put("sizeBytes", (long) r.size()); // nccl-tests sizes are whole bytes
                o.put("count", (long) r.count());
            } else {
                o.put("sizeBytes", r.size());      // an expected byte count under balanced routing
            }
            o.put("timeUs", r.timeSeconds() * 1e6);
            o.put("algBwGBps", r.algBw() / 1e9);
            o.put("busBwGBps", r.busBw() / 1e9);
            o.put("algorithm", r.algorithm());
            o.put("predictedTimeUs", r.predictedSeconds() * 1e6);
            if (r.moe() != null) {
                o.put("tokensPerRank", r.moe().tokens());
                o.put("nodesPerToken", r.moe().nodesPerToken());
                o.put("deepEpRdmaGBps", r.moe().rdmaBw() / 1e9);
                o.put("deepEpNvlGBps", r.moe().nvlBw() / 1e9);
                o.put("ibBytesPerRank", r.moe().ibBytes());
                o.put("nvlinkBytesPerRank", r.moe().nvlinkBytes());
            }
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array);
    }
}
