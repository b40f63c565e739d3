package org.clustersim.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.clustersim.error.UserError;
import org.clustersim.scenario.files.AtomicFiles;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.topology.FabricFactory;
import org.clustersim.topology.BillOfMaterials;
import org.clustersim.topology.ClusterFabric;
import org.clustersim.topology.DotWriter;
import org.clustersim.topology.NetworkCost;
import org.clustersim.topology.NetworkPrices;
import org.clustersim.topology.SwitchTier;
import org.clustersim.topology.TierOversubscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Build a scenario's network fabric and print its bill of materials and a summary: endpoints, "
                + "switches by tier, links, bisection bandwidth, oversubscription per tier, cost and cost per endpoint.")
final class TopologyCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--json", description = "Print the bill of materials and summary as JSON on stdout.")
    boolean json;

    @Option(names = "--dot", paramLabel = "FILE",
            description = "Also write the fabric as a Graphviz DOT graph (at most " + DotWriter.MAX_VERTICES
                    + " vertices: GPUs, NICs, NVSwitches and switches).")
    Path dot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario loaded = scenario.load();
        ClusterFabric fabric = FabricFactory.build(loaded);
        NetworkPrices prices = FabricFactory.prices(loaded);
        if (dot != null) {
            DotWriter.checkDrawable(fabric);
            writeDotAtomically(fabric, dot);
            err.printf(Locale.ROOT, "clustersim: wrote %s (%,d vertices)%n", dot, fabric.vertexCount());
        }
        double bisection = fabric.bisectionBytesPerSecond();
        if (json) {
            out.println(toJson(loaded, fabric, prices, bisection));
        } else {
            printText(out, loaded, fabric, prices, bisection);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void writeDotAtomically(ClusterFabric fabric, Path target) {
        try {
            AtomicFiles.write(target, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                DotWriter.write(fabric, w);
                w.flush();
            });
        } catch (IOException e) {
            throw new UserError("cannot write " + target + ": " + e.getMessage(),
                    "check that the directory exists and is writable");
        }
    }

    private static void printText(PrintWriter out, Scenario loaded, ClusterFabric fabric, NetworkPrices prices,
            double bisection) {
        BillOfMaterials bom = fabric.billOfMaterials();
        NetworkCost cost = bom.cost(prices);
        out.printf(Locale.ROOT, "%s: %s%n%n", loaded.name(), fabric.description());
        out.println("Bill of materials");
        row(out, "endpoints (GPUs)", bom.endpoints(), String.format(Locale.ROOT,
                "%d nodes x %d, one %s NIC per GPU", bom.nodes(), fabric.gpusPerNode(),
                gigabits(fabric.parameters().nicBandwidth().bytesPerSecond())));
        StringBuilder tiers = new StringBuilder();
        for (Map.Entry<SwitchTier, Integer> e : bom.switchesByTier().entrySet()) {
            tiers.append(tiers.length() == 0 ? "" : ", ").append(e.getKey().spelling()).append(' ')
                    .append(String.format(Locale.ROOT, "%,d", e.getValue()));
        }
        row(out, "switches", bom.switches(), tiers + " (" + bom.switchRadix() + " ports)");
        row(out, "switch-to-switch links", bom.switchLinks(), String.format(Locale.ROOT,
                "leaf-spine %,d, spine-core %,d", bom.leafSpineLinks(), bom.spineCoreLinks()));
        row(out, "NIC-to-switch links", bom.nicLinks(), "");
        row(out, "NICs", bom.nics(), "");
        row(out, "transceivers", bom.transceivers(), String.format(Locale.ROOT,
                "assumption: %d per switch-to-switch link, %d per NIC link",
                BillOfMaterials.TRANSCEIVERS_PER_SWITCH_LINK, BillOfMaterials.TRANSCEIVERS_PER_NIC_LINK));
        row(out, "cables", bom.cables(), "");
        out.println();
        out.println("Summary");
        out.printf(Locale.ROOT, "  %-24s %14s   %s%n", "bisection bandwidth", bandwidth(bisection),
                bom.nodes() == 1 ? "one direction, half of the GPUs to the other half over NVLink"
                        : "one direction, first half of the nodes to the second");
        if (fabric.oversubscription().isEmpty()) {
            out.printf(Locale.ROOT, "  %-24s %14s%n", "oversubscription", "none (no switches)");
        }
        for (TierOversubscription t : fabric.oversubscription()) {
            out.printf(Locale.ROOT, "  %-24s %14s   %d down, %d up per switch%n",
                    "oversubscription " + t.tier().spelling(), ratio(t), t.downPorts(), t.upPorts());
        }
        out.printf(Locale.ROOT, "  %-24s %14s   %,d switches x %s + %,d links x %s%s%n", "network cost",
                money(cost.totalUsd()), bom.switches(), money(prices.switchUsd()), bom.switchLinks(),
                money(prices.linkUsd()), prices.countsNics() ? String.format(Locale.ROOT, " + %,d nodes x %s NICs",
                        bom.nodes(), money(prices.nicUsdPerNode())) : "");
        out.printf(Locale.ROOT, "  %-24s %14s%n", "cost per endpoint", money(cost.perEndpointUsd()));
        out.printf(Locale.ROOT, "  prices: %s%n", prices.source());
    }

    private static void row(PrintWriter out, String name, long value, String note) {
        out.printf(Locale.ROOT, "  %-24s %,14d%s%n", name, value, note.isEmpty() ? "" : "   " + note);
    }

    private static String toJson(Scenario loaded, ClusterFabric fabric, NetworkPrices prices, double bisection) {
        BillOfMaterials bom = fabric.billOfMaterials();
        NetworkCost cost = bom.cost(prices);
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        ObjectNode root = mapper.createObjectNode();
        root.put("scenario", loaded.name());
        root.put("topology", fabric.topology().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        root.put("description", fabric.description());
        root.put("endpoints", bom.endpoints());
        root.put("nodes", bom.nodes());
        root.put("gpusPerNode", fabric.gpusPerNode());
        root.put("planes", fabric.planes());
        root.put("switchRadix", bom.switchRadix());
        root.put("switches", bom.switches());
        ObjectNode byTier = root.putObject("switchesByTier");
        bom.switchesByTier().forEach((tier, n) -> byTier.put(tier.spelling(), n));
        root.put("links", bom.switchLinks());
        root.put("leafSpineLinks", bom.leafSpineLinks());
        root.put("spineCoreLinks", bom.spineCoreLinks());
        root.put("nicLinks", bom.nicLinks());
        root.put("nics", bom.nics());
        root.put("transceivers", bom.transceivers());
        root.put("cables", bom.cables());
        root.put("bisectionBytesPerSecond", bisection);
        ArrayNode over = root.putArray("oversubscription");
        for (TierOversubscription t : fabric.oversubscription()) {
            ObjectNode o = over.addObject();
            o.put("tier", t.tier().spelling());
            o.put("downPorts", t.downPorts());
            o.put("upPorts", t.upPorts());
            if (Double.isInfinite(t.ratio())) {
                o.putNull("ratio");
            } else {
                o.put("ratio", t.ratio());
            }
        }
        root.put("costUsd", cost.totalUsd());
        root.put("costPerEndpointUsd", cost.perEndpointUsd());
        ObjectNode breakdown = root.putObject("cost");
        breakdown.put("switchesUsd", cost.switchesUsd());
        breakdown.put("linksUsd", cost.linksUsd());
        breakdown.put("nicsUsd", cost.nicsUsd());
        ObjectNode p = root.putObject("prices");
        p.put("switchUsd", prices.switchUsd());
        p.put("linkUsd", prices.linkUsd());
        p.put("nicUsdPerNode", prices.nicUsdPerNode());
        p.put("source", prices.source());
        ObjectNode assumptions = root.putObject("assumptions");
        assumptions.put("transceiversPerSwitchLink", BillOfMaterials.TRANSCEIVERS_PER_SWITCH_LINK);
        assumptions.put("transceiversPerNicLink", BillOfMaterials.TRANSCEIVERS_PER_NIC_LINK);
        assumptions.put("transceiversSource", "assumption (nothing in reference/ counts transceivers)");
        return mapper.writeValueAsString(root);
    }

    private static String ratio(TierOversubscription t) {
        if (Double.isInfinite(t.ratio())) {
            return "n/a";
        }
        double r = t.ratio();
        return (r == Math.rint(r) ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.2f", r))
                + ":1";
    }

    private static String gigabits(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.0f Gb/s", bytesPerSecond * 8 / 1e9);
    }

    private static String bandwidth(double bytesPerSecond) {
        return bytesPerSecond >= 1e12 ? String.format(Locale.ROOT, "%.1f TB/s", bytesPerSecond / 1e12)
                : String.format(Locale.ROOT, "%.1f GB/s", bytesPerSecond / 1e9);
    }

    private static String money(double usd) {
        if (usd >= 1e9) {
            return String.format(Locale.ROOT, "$%.2fB", usd / 1e9);
        }
        if (usd >= 1e6) {
            return String.format(Locale.ROOT, "$%.2fM", usd / 1e6);
        }
        if (usd >= 1e3) {
            return String.format(Locale.ROOT, "$%,.0f", usd);
        }
        return String.format(Locale.ROOT, "$%.2f", usd);
    }
}
