package org.clustersim.workload;

import org.clustersim.hardware.ClusterConfig;
import org.clustersim.hardware.GpuType;
import org.clustersim.hardware.NodeType;
import org.clustersim.workload.ModelShape.Norm;

/** Model shapes and hardware used by the tests, each from its published source. */
final class Models {

    private Models() {
    }

    /** deepseek-v3.md A.1 (config_671B.json). */
    static ModelShape deepSeekV3() {
        return new ModelShape("deepseek-v3", "DeepSeek-V3", 61, 7168,
                new Attention.Latent(128, 1536, 512, 128, 64, 128),
                new FeedForward.MixtureOfExperts(3, 18432, 256, 1, 8, 2048, true, 4, 8), 129280, false, 0, false,
                Norm.RMS_NORM, 1);
    }

    /** DeepSeek-V2 config.json (deepseek-ai/DeepSeek-V2): 60 layers, 5120, MLA, 2 shared + 160 routed, top-6. */
    static ModelShape deepSeekV2() {
        return new ModelShape("deepseek-v2", "DeepSeek-V2", 60, 5120,
                new Attention.Latent(128, 1536, 512, 128, 64, 128),
                new FeedForward.MixtureOfExperts(1, 12288, 160, 2, 6, 1536, true, 3, 8), 102400, false, 0, false,
                Norm.RMS_NORM, 0);
    }

    /**
     * A Megatron GPT of calibration-megatron-a100.md D.3: MHA with head dim hidden/heads, plain 4h FFN, biases,
     * LayerNorm, learned positions for seq 2048, vocabulary 51,200, tied embeddings.
     */
    static ModelShape megatronGpt(int heads, int hidden, int layers) {
        return new ModelShape("gpt-" + hidden, "Megatron GPT h" + hidden, layers, hidden,
                new Attention.MultiHead(heads, heads, hidden / heads), new FeedForward.Dense(4 * hidden, false), 51200,
                true, 2048, true, Norm.LAYER_NORM, 0);
    }

    /** GPT-3 paper Table 2.1: 96 layers, 12288, 96 heads of 128, 4h FFN, context 2048; GPT-2 BPE of 50,257. */
    static ModelShape gpt3() {
        return new ModelShape("gpt3-175b", "GPT-3 175B", 96, 12288, new Attention.MultiHead(96, 96, 128),
                new FeedForward.Dense(4 * 12288, false), 50257, true, 2048, true, Norm.LAYER_NORM, 0);
    }

    /** Llama 3 Herd paper Table 3 (vocabulary 128,256 from the released config.json). */
    static ModelShape llama3(int layers, int hidden, int ffn, int heads) {
        return new ModelShape("llama3-" + layers, "Llama 3", layers, hidden, new Attention.MultiHead(heads, 8, 128),
                new FeedForward.Dense(ffn, true), 128256, false, 0, false, Norm.RMS_NORM, 0);
    }

    /** Mixtral of Experts paper Table 1: 32 layers, 4096, 32 heads / 8 KV of 128, 8 experts of 14336, top-2, 32000. */
    static ModelShape mixtral() {
        return new ModelShape("mixtral-8x7b", "Mixtral 8x7B", 32, 4096, new Attention.MultiHead(32, 8, 128),
                new FeedForward.MixtureOfExperts(0, 0, 8, 0, 2, 14336, true, 0, 1), 32000, false, 0, false,
                Norm.RMS_NORM, 0);
    }

    /** fleet-and-hardware.md C.1; 80 GiB as the gpus.yaml catalog reads "80 GB". */
    static GpuType h800() {
        return new GpuType("H800", "NVIDIA H800 SXM5", 989.4e12, 1978.9e12, 80.0 * (1L << 30), 3.35e12, 200e9, 0.8,
                700, 132);
    }

    /** fleet-and-hardware.md C.1. */
    static GpuType h20() {
        return new GpuType("H20", "NVIDIA H20", 148e12, 296e12, 96.0 * (1L << 30), 4.0e12, 450e9, 0.8, 400, 78);
    }

    /** fleet-and-hardware.md C.1 (R2). */
    static GpuType h200() {
        return new GpuType("H200", "NVIDIA H200 SXM", 989.4e12, 1978.9e12, 141e9, 4.8e12, 450e9, 0.8, 700, 132);
    }

    /** fleet-and-hardware.md C.1. */
    static GpuType a100() {
        return new GpuType("A100-80GB", "NVIDIA A100 SXM4 80GB", 312e12, 0, 80.0 * (1L << 30), 2.039e12, 300e9, 0.8,
                400, 108);
    }

    static ClusterConfig cluster(GpuType gpu, int nodes) {
        return new ClusterConfig(gpu, new NodeType("hgx-8gpu", 8, 50e9, 0.8, 2.8e-6, 3.33e-6, 4600), nodes, 8);
    }

    /** DeepSeek-V3's published plan (A.3), with the micro-batch size assumed 1 (one 4K sequence, as DeepEP, A.8). */
    static ParallelPlan deepSeekPlan() {
        return new ParallelPlan(1, 16, 1, 64, 128, 1, 1, 1, Schedule.DUALPIPE, Recompute.SELECTIVE, Precision.FP8,
                OptimizerMoments.BF16, 20);
    }

    /** A.2 / A.6: 15,360 sequences of 4,096 tokens per step. */
    static TrainingShape deepSeekStep() {
        return new TrainingShape(4096, 15360);
    }
}
