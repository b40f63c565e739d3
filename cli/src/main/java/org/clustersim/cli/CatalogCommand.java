package org.clustersim.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.clustersim.pipeline.DualPipeSchedule;
import org.clustersim.pipeline.GPipeSchedule;
import org.clustersim.pipeline.InterleavedOneFOneBSchedule;
import org.clustersim.pipeline.OneFOneBSchedule;
import org.clustersim.pipeline.PipelineSchedule;
import org.clustersim.pipeline.ZeroBubbleH1Schedule;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.spec.ModelSpec;
import org.clustersim.scenario.topology.NetworkPriceCatalog;
import org.clustersim.scenario.workload.ModelResolver;
import org.clustersim.topology.NetworkPrices;
import org.clustersim.topology.TopologyKind;
import org.clustersim.workload.ParameterCounts;
import org.clustersim.scenario.spec.GpuSpec;
import org.clustersim.scenario.spec.NodeSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "List the built-in presets (GPUs, nodes, models), topologies, pipeline schedules and network "
                + "prices, with their numbers and sources.")
final class CatalogCommand implements Callable<Integer> {

    /** The pipeline schedules a scenario can name, with what distinguishes them. */
    static final Map<PipelineSchedule, String> SCHEDULES = new java.util.LinkedHashMap<>();

    static {
        SCHEDULES.put(new GPipeSchedule(), "all forwards, then all backwards; holds every micro-batch's activations");
        SCHEDULES.put(new OneFOneBSchedule(), "one forward, one backward; bubble (PP-1)(F+B)");
        SCHEDULES.put(new InterleavedOneFOneBSchedule(), "v chunks per rank; bubble (PP-1)(F+B)/v, v x the p2p traffic");
        SCHEDULES.put(new ZeroBubbleH1Schedule(), "ZB-H1: split backward, W fills bubbles; (PP-1)(F+B-2W)");
        SCHEDULES.put(new DualPipeSchedule(), "DeepSeek's bidirectional pipeline, F&B overlapped; (PP/2-1)(F&B+B-3W)");
    }

    @Option(names = "--json", description = "Print the catalog as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Catalog catalog = Catalog.builtIn();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            ObjectNode root = mapper.createObjectNode();
            ObjectNode gpus = root.putObject("gpus");
            for (Map.Entry<String, GpuSpec> e : catalog.gpus().entrySet()) {
                GpuSpec g = e.getValue();
                ObjectNode o = gpus.putObject(e.getKey());
                o.put("name", g.name());
                o.put("bf16DenseTflops", g.bf16Dense().teraflops());
                o.put("fp8DenseTflops", g.fp8Dense().teraflops());
                o.put("hbmBytes", g.hbmCapacity().bytes());
                o.put("hbmBytesPerSecond", g.hbmBandwidth().bytesPerSecond());
                o.put("nvlinkBytesPerSecondPerDirection", g.nvlinkBandwidth().bytesPerSecond());
                o.put("nvlinkEfficiency", g.nvlinkEfficiency());
                o.put("tdpWatts", g.tdp().watts());
                o.put("sms", g.sms());
                o.put("source", g.source());
            }
            ObjectNode nodes = root.putObject("nodes");
            for (Map.Entry<String, NodeSpec> e : catalog.nodes().entrySet()) {
                NodeSpec n = e.getValue();
                ObjectNode o = nodes.putObject(e.getKey());
                o.put("nicsPerNode", n.nicsPerNode());
                o.put("nicBytesPerSecond", n.nicBandwidth().bytesPerSecond());
                o.put("nicEfficiency", n.nicEfficiency());
                o.put("nicLatencySeconds", n.nicLatency().seconds());
                o.put("nvlinkLatencySeconds", n.nvlinkLatency().seconds());
                o.put("serverOverheadWatts", n.serverOverheadPower().watts());
                o.put("source", n.source());
            }
            ModelResolver models = new ModelResolver(catalog);
            ObjectNode modelsNode = root.putObject("models");
            for (Map.Entry<String, ModelSpec> e : catalog.models().entrySet()) {
                ParameterCounts counts = ParameterCounts.of(models.preset(e.getKey()));
                ObjectNode o = modelsNode.putObject(e.getKey());
                o.put("name", e.getValue().name());
                o.put("totalParams", counts.totalParams());
                o.put("activatedParams", counts.activatedParams());
                o.put("source", e.getValue().source());
            }
            ObjectNode topologies = root.putObject("topologies");
            for (TopologyKind kind : TopologyKind.values()) {
                topologies.put(kind.name().toLowerCase(Locale.ROOT).replace('_', '-'), kind.description());
            }
            ObjectNode schedules = root.putObject("schedules");
            SCHEDULES.forEach((schedule, text) -> schedules.put(schedule.name(), text));
            NetworkPrices prices = NetworkPriceCatalog.defaults();
            ObjectNode network = root.putObject("networkPrices");
            network.put("switchUsd", prices.switchUsd());
            network.put("linkUsd", prices.linkUsd());
            network.put("source", prices.source());
            out.println(mapper.writeValueAsString(root));
            return ExitCodes.OK;
        }
        out.println("GPUs (dense peaks; NVLink per direction)");
        out.printf(Locale.ROOT, "  %-10s %9s %9s %8s %9s %9s %6s %5s %4s%n", "id", "BF16 TF", "FP8 TF", "HBM GiB",
                "HBM TB/s", "NVL GB/s", "eff", "TDP W", "SMs");
        for (Map.Entry<String, GpuSpec> e : catalog.gpus().entrySet()) {
            GpuSpec g = e.getValue();
            out.printf(Locale.ROOT, "  %-10s %9.1f %9.1f %8.1f %9.3f %9.0f %6.2f %5.0f %4d%n", e.getKey(),
                    g.bf16Dense().teraflops(), g.fp8Dense().teraflops(), g.hbmCapacity().gibibytes(),
                    g.hbmBandwidth().bytesPerSecond() / 1e12, g.nvlinkBandwidth().gigabytesPerSecond(),
                    g.nvlinkEfficiency(), g.tdp().watts(), g.sms());
        }
        out.println();
        out.println("Nodes");
        out.printf(Locale.ROOT, "  %-10s %5s %9s %5s %8s %8s %10s%n", "id", "NICs", "NIC Gb/s", "eff", "NIC lat",
                "NVL lat", "overhead W");
        for (Map.Entry<String, NodeSpec> e : catalog.nodes().entrySet()) {
            NodeSpec n = e.getValue();
            out.printf(Locale.ROOT, "  %-10s %5d %9.0f %5.2f %8s %8s %10.0f%n", e.getKey(), n.nicsPerNode(),
                    n.nicBandwidth().bytesPerSecond() * 8 / 1e9, n.nicEfficiency(), n.nicLatency(), n.nvlinkLatency(),
                    n.serverOverheadPower().watts());
        }
        out.println();
        out.println("Models (parameters from the shapes)");
        out.printf(Locale.ROOT, "  %-14s %-28s %9s %11s%n", "id", "name", "total", "activated");
        ModelResolver models = new ModelResolver(catalog);
        for (Map.Entry<String, ModelSpec> e : catalog.models().entrySet()) {
            ParameterCounts counts = ParameterCounts.of(models.preset(e.getKey()));
            out.printf(Locale.ROOT, "  %-14s %-28s %8.1fB %10.1fB%n", e.getKey(), e.getValue().name(),
                    counts.totalParams() / 1e9, counts.activatedParams() / 1e9);
        }
        out.println();
        out.println("Topologies (cluster.network.topology)");
        for (TopologyKind kind : TopologyKind.values()) {
            out.printf(Locale.ROOT, "  %-15s %s%n", kind.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    kind.description());
        }
        out.println();
        out.println("Pipeline schedules (parallelism.schedule)");
        SCHEDULES.forEach((schedule, text) -> out.printf(Locale.ROOT, "  %-17s %s%n", schedule.name(), text));
        out.println();
        NetworkPrices prices = NetworkPriceCatalog.defaults();
        out.printf(Locale.ROOT, "Network prices: $%,.0f per switch, $%,.0f per switch-to-switch link%n",
                prices.switchUsd(), prices.linkUsd());
        out.println();
        out.println("Sources");
        catalog.models().forEach((id, m) -> out.printf("  %s: %s%n", id, m.source()));
        out.printf("  network prices: %s%n", prices.source());
        catalog.gpus().forEach((id, g) -> out.printf("  %s: %s%n", id, g.source()));
        catalog.nodes().forEach((id, n) -> out.printf("  %s: %s%n", id, n.source()));
        return ExitCodes.OK;
    }
}
