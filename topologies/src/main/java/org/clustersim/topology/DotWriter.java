package org.clustersim.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.clustersim.error.UserError;
import org.clustersim.network.LinkTier;

/**
 * Writes a fabric as a Graphviz DOT graph: one box per node with its GPUs, NICs and NVSwitch, switches by tier, and one
 * edge per group of parallel cables (labelled with the count). Refuses fabrics of more than {@value #MAX_VERTICES}
 * vertices, which Graphviz cannot lay out legibly.
 */
public final class DotWriter {

    /** Largest fabric drawn, in vertices (GPUs, NICs, NVSwitches and switches). */
    public static final int MAX_VERTICES = 2_000;

    private DotWriter() {
    }

    /** @throws UserError if the fabric has more than {@link #MAX_VERTICES} vertices */
    public static void checkDrawable(ClusterFabric fabric) {
        if (fabric.vertexCount() > MAX_VERTICES) {
            int perNode = 2 * fabric.gpusPerNode() + 1;
            int nodes = Math.max(1, (MAX_VERTICES - fabric.billOfMaterials().switches()) / perNode);
            throw new UserError(String.format(Locale.ROOT, "the fabric has %,d vertices; --dot draws at most %,d",
                    fabric.vertexCount(), MAX_VERTICES),
                    "draw a smaller instance of the same shape, e.g. --set cluster.nodes=" + Math.min(nodes, 16));
        }
    }

    public static void write(ClusterFabric fabric, Writer out) {
        checkDrawable(fabric);
        try {
            out.write("graph fabric {\n");
            out.write("  // " + fabric.description() + "\n");
            out.write("  graph [rankdir=BT, fontname=\"Helvetica\", label=\"" + escape(fabric.description())
                    + "\"];\n");
            out.write("  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n");
            for (int node = 0; node < fabric.nodeCount(); node++) {
                out.write("  subgraph cluster_node" + node + " {\n    label=\"node " + node + "\";\n");
                for (int local = 0; local < fabric.gpusPerNode(); local++) {
                    int rank = node * fabric.gpusPerNode() + local;
                    out.write("    " + fabric.vertexName(rank) + " [label=\"GPU " + rank + "\"];\n");
                    out.write("    " + fabric.vertexName(fabric.nicVertex(rank)) + " [label=\"NIC " + rank
                            + "\", shape=ellipse];\n");
                }
                int nvs = fabric.linkTarget(fabric.gpuToNvswitch(node * fabric.gpusPerNode()));
                out.write("    " + fabric.vertexName(nvs) + " [label=\"NVSwitch\", shape=hexagon];\n  }\n");
            }
            for (int v = 0; v < fabric.vertexCount(); v++) {
                VertexKind kind = fabric.vertexKind(v);
                if (kind == VertexKind.LEAF || kind == VertexKind.SPINE || kind == VertexKind.CORE) {
                    out.write("  " + fabric.vertexName(v) + " [style=filled, fillcolor=\"" + color(kind) + "\"];\n");
                }
            }
            Map<Long, int[]> cables = new LinkedHashMap<>();
            for (int link = 0; link < fabric.linkCount(); link += 2) {
                long key = (long) fabric.linkSource(link) << 32 | fabric.linkTarget(link);
                cables.computeIfAbsent(key, k -> new int[] {0, 0})[0]++;
                cables.get(key)[1] = link;
            }
            for (Map.Entry<Long, int[]> e : cables.entrySet()) {
                int link = e.getValue()[1];
                int count = e.getValue()[0];
                out.write("  " + fabric.vertexName(fabric.linkSource(link)) + " -- "
                        + fabric.vertexName(fabric.linkTarget(link)) + " [color=\"" + color(fabric.tier(link)) + "\""
                        + (count > 1 ? ", label=\"x" + count + "\", penwidth=2" : "") + "];\n");
            }
            out.write("}\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String color(VertexKind kind) {
        return switch (kind) {
            case LEAF -> "#cfe2f3";
            case SPINE -> "#d9ead3";
            default -> "#fce5cd";
        };
    }

    private static String color(LinkTier tier) {
        return switch (tier) {
            case NVLINK -> "#6aa84f";
            case PCIE -> "#999999";
            case NIC -> "#3d85c6";
            case LEAF_SPINE -> "#674ea7";
            case SPINE_CORE -> "#cc0000";
        };
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
