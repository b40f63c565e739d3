package org.clustersim.scenario.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.clustersim.scenario.bind.Binder;
import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.source.NodeReader;
import org.clustersim.scenario.spec.GpuSpec;
import org.clustersim.scenario.spec.ModelSpec;
import org.clustersim.scenario.spec.NodeSpec;

/**
 * The presets shipped with clustersim (GPUs, nodes; later models, topologies, schedules), read from YAML resources
 * with the same strict reader and binder as user files, so a catalog typo fails the build's tests, not a user's run.
 */
public final class Catalog {

    @Doc("GPU presets by id.")
    record GpuFile(Map<String, GpuSpec> gpus) {
    }

    @Doc("Node presets by id.")
    record NodeFile(Map<String, NodeSpec> nodes) {
    }

    @Doc("Model presets by id.")
    record ModelFile(Map<String, ModelSpec> models) {
    }

    private final Map<String, GpuSpec> gpus;
    private final Map<String, NodeSpec> nodes;
    private final Map<String, ModelSpec> models;

    private Catalog(Map<String, GpuSpec> gpus, Map<String, NodeSpec> nodes, Map<String, ModelSpec> models) {
        this.gpus = gpus;
        this.nodes = nodes;
        this.models = models;
    }

    /** The built-in catalog. */
    public static Catalog builtIn() {
        NodeReader reader = new NodeReader();
        GpuFile gpuFile = Binder.bind(reader.readFile(resource("gpus.yaml"), "catalog/gpus.yaml"), GpuFile.class)
                .value();
        NodeFile nodeFile = Binder.bind(reader.readFile(resource("nodes.yaml"), "catalog/nodes.yaml"), NodeFile.class)
                .value();
        ModelFile modelFile = Binder.bind(reader.readFile(resource("models.yaml"), "catalog/models.yaml"),
                ModelFile.class).value();
        return new Catalog(gpuFile.gpus(), nodeFile.nodes(), modelFile.models());
    }

    public Map<String, GpuSpec> gpus() {
        return gpus;
    }

    public Map<String, NodeSpec> nodes() {
        return nodes;
    }

    /** Model presets by id (deepseek-v3, llama3-70b, ...), as written in models.yaml. */
    public Map<String, ModelSpec> models() {
        return models;
    }

    private static String resource(String name) {
        try (InputStream in = Catalog.class.getResourceAsStream("/org/clustersim/catalog/" + name)) {
            Objects.requireNonNull(in, "missing catalog resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read catalog resource " + name, e);
        }
    }
}
