package org.clustersim.workload;

/**
 * The few named numbers of the compute model's efficiency function (see {@link ComputeModel}).
 *
 * @param maxGemmEfficiency         fraction of dense peak a large, compute-bound BF16 GEMM reaches
 * @param halfEfficiencyIntensity   arithmetic intensity, as a multiple of the GPU's ridge point (peak FLOP/s over
 *                                  HBM bytes/s), at which an op reaches half of its maximum efficiency
 * @param fp8GemmScale              multiplier on GEMM efficiency in FP8, for the fine-grained scaling and FP32
 *                                  promotion that DeepSeek-V3's recipe adds (A.2)
 * @param attentionEfficiency       fraction of dense BF16 peak memory-efficient attention reaches when compute-bound
 * @param hbmEfficiency             achievable fraction of the HBM bandwidth for streaming kernels
 * @param launchOverheadSeconds     fixed cost per kernel (launch and tail)
 */
public record ComputeEfficiencyParameters(double maxGemmEfficiency, double halfEfficiencyIntensity,
        double fp8GemmScale, double attentionEfficiency, double hbmEfficiency, double launchOverheadSeconds) {

    /**
     * Initial values; calibrated in issue 7 against Megatron SC'21 (calibration-megatron-a100.md D.3) and DeepSeek-V3
     * (deepseek-v3.md A.6). Until then every one is an assumption, not a fit to any scenario:
     * <ul>
     * <li>0.80: large cuBLAS BF16 GEMMs are commonly measured at roughly 70-85% of dense peak on A100 and H100.</li>
     * <li>1.0: an op whose intensity equals the ridge point is as limited by memory as by compute, so half speed is
     * the natural midpoint of a smooth roofline.</li>
     * <li>0.85: FP8 GEMMs with per-128 scaling lose some efficiency to the scaling and FP32 promotion.</li>
     * <li>0.55: FlashAttention-2/3 forward plus backward run at roughly half of dense peak.</li>
     * <li>0.85: streaming kernels typically reach 80-90% of HBM bandwidth.</li>
     * <li>4 us: typical CUDA kernel launch latency without CUDA graphs.</li>
     * </ul>
     */
    public static final ComputeEfficiencyParameters INITIAL =
            new ComputeEfficiencyParameters(0.80, 1.0, 0.85, 0.55, 0.85, 4e-6);

    public ComputeEfficiencyParameters {
        fraction("maxGemmEfficiency", maxGemmEfficiency);
        fraction("fp8GemmScale", fp8GemmScale);
        fraction("attentionEfficiency", attentionEfficiency);
        fraction("hbmEfficiency", hbmEfficiency);
        if (!(halfEfficiencyIntensity >= 0) || Double.isInfinite(halfEfficiencyIntensity)) {
            throw new IllegalArgumentException("halfEfficiencyIntensity must be finite and >= 0");
        }
        if (!(launchOverheadSeconds >= 0) || Double.isInfinite(launchOverheadSeconds)) {
            throw new IllegalArgumentException("launchOverheadSeconds must be finite and >= 0");
        }
    }

    private static void fraction(String name, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1]: " + v);
        }
    }
}
