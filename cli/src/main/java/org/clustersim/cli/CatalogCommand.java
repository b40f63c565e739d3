package org.clustersim.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.clustersim.scenario.catalog.Catalog;
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
        description = "List the built-in presets (GPUs, nodes) with their numbers and sources.")
final class CatalogCommand implements Callable<Integer> {

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
        out.println("Sources");
        catalog.gpus().forEach((id, g) -> out.printf("  %s: %s%n", id, g.source()));
        catalog.nodes().forEach((id, n) -> out.printf("  %s: %s%n", id, n.source()));
        return ExitCodes.OK;
    }
}
