package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;
import org.clustersim.scenario.bind.ScalarForm;
import org.clustersim.units.Bandwidth;
import org.clustersim.units.Duration;
import org.clustersim.units.Power;

@ScalarForm("preset")
@Doc("A node (server) type: GPUs on NVSwitch, scale-out NICs, and the power drawn beside the GPUs.")
public record NodeSpec(
        @Doc("Preset id to start from: hgx-8gpu.") String preset,
        @Range(min = 0, max = 64) @Doc("Scale-out NICs per node (one per GPU on HGX).") Integer nicsPerNode,
        @Doc("Line rate of one NIC per direction, e.g. 400Gbps.") Bandwidth nicBandwidth,
        @Range(min = 0.01, max = 1) @Doc("Achievable fraction of NIC line rate (DeepSeek: 40 of 50 GB/s = 0.8).")
        Double nicEfficiency,
        @Doc("One-way small-message latency through a NIC and its first switch, e.g. 2.8us.") Duration nicLatency,
        @Doc("One-way small-message latency over NVLink, e.g. 3.33us.") Duration nvlinkLatency,
        @Doc("Power drawn by the server beside its GPUs (CPUs, fans, NICs, storage) at full load.")
        Power serverOverheadPower,
        @Doc("Where these numbers come from.") String source) {
}
