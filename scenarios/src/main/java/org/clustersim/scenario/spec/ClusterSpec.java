package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;
import org.clustersim.scenario.bind.Required;

@Doc("The hardware of the cluster.")
public record ClusterSpec(
        @Required @Doc("GPU preset id (H800, H100, H20, H200, A100-80GB), or a mapping with 'preset' and overrides, or a "
                + "full definition.") GpuSpec gpu,
        @Doc("Node preset id (default hgx-8gpu) or a mapping with overrides.") NodeSpec node,
        @Required @Range(min = 1, max = 1_000_000) @Doc("Number of nodes (servers).") Integer nodes,
        @Range(min = 1, max = 72) @Doc("GPUs per node (default 8). Ranks are node-major: rank = node x gpusPerNode + gpu.")
        Integer gpusPerNode,
        @Doc("The scale-out fabric between nodes.") NetworkSpec network) {
}
