package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;
import org.clustersim.scenario.bind.ScalarForm;

@ScalarForm("preset")
@Doc("A GPU type: a preset id, a preset with overridden fields, or a full definition.")
public record GpuSpec(
        @Doc("Preset id to start from: H800, H100, H20, H200, A100-80GB.") String preset,
        @Doc("Display name.") String name,
        @Doc("Dense BF16 tensor peak, e.g. 989.4TFLOPS.") org.clustersim.units.FlopRate bf16Dense,
        @Doc("Dense FP8 tensor peak; 0TFLOPS for GPUs without FP8 (A100).") org.clustersim.units.FlopRate fp8Dense,
        @Doc("HBM capacity, e.g. 80GB.") org.clustersim.units.DataSize hbmCapacity,
        @Doc("HBM bandwidth, e.g. 3.35TB/s.") org.clustersim.units.Bandwidth hbmBandwidth,
        @Doc("NVLink bandwidth per direction per GPU, e.g. 200GB/s for H800, 450GB/s for H100.")
        org.clustersim.units.Bandwidth nvlinkBandwidth,
        @Range(min = 0.01, max = 1) @Doc("Achievable fraction of NVLink bandwidth (DeepSeek: ~160 of 200 GB/s = 0.8).")
        Double nvlinkEfficiency,
        @Doc("Thermal design power, e.g. 700W.") org.clustersim.units.Power tdp,
        @Range(min = 1, max = 1024) @Doc("Streaming multiprocessors.") Integer sms,
        @Doc("Where these numbers come from.") String source) {
}
