package org.clustersim.scenario;

import org.clustersim.hardware.ClusterConfig;
import org.clustersim.scenario.bind.Bound;
import org.clustersim.scenario.spec.ScenarioSpec;

/**
 * A loaded scenario: the file-shaped spec (after {@code extends} and {@code --set}) with the locations of its values,
 * and the hardware resolved from presets. Later stages resolve model, plan and run from {@link #spec()}.
 *
 * @param gpuSource  where the GPU's numbers come from (the preset's source, or "scenario file")
 * @param nodeSource where the node's numbers come from
 */
public record Scenario(
        Bound<ScenarioSpec> spec, ClusterConfig cluster, String gpuSource, String nodeSource, String sourceFile) {

    public String name() {
        return spec.value().name();
    }
}
