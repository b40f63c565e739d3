package org.clustersim.workload;

import java.util.Objects;
import org.clustersim.hardware.GpuType;

/**
 * Time of one kernel on one GPU:
 *
 * <pre>
 *   time = max( FLOPs / (peak(precision) x smShare x efficiency), bytes / (HBM bandwidth x hbmEfficiency) ) + launch
 *
 *   efficiency = base(op) x x / (x + halfEfficiencyIntensity),   x = intensity(op) / ridge(gpu, precision)
 *   ridge      = peak(precision) / HBM bandwidth                  (the GPU's compute-to-bandwidth balance, FLOP/byte)
 *   base       = maxGemmEfficiency (x fp8GemmScale in FP8) for GEMMs and routers; attentionEfficiency for attention
 * </pre>
 *
 * Why this transfers to GPUs without calibration data: an op's efficiency depends on how far its arithmetic
 * intensity lies above <em>this</em> GPU's ridge point. The same GEMM sits far above the ridge of an H20 (148 TFLOPS
 * over 4.0 TB/s = 37 FLOP/byte) and close to that of an H800 (989 over 3.35 = 295), so it runs nearer its maximum
 * efficiency on the H20 while still taking longer; an H200 (same peak as H100, 4.8 TB/s) lowers the ridge and lifts
 * small GEMMs. Only the GPU's datasheet numbers (peaks, HBM bandwidth, SM count) enter; the parameters describe the
 * software (cuBLAS, FlashAttention) and are shared by every GPU of a generation.
 *
 * <p>SMs reserved for communication ({@code commSms}) take their share of the peak away while communication runs:
 * smShare = (SMs - commSms) / SMs then, 1 otherwise. HBM bandwidth is not reduced: fewer SMs still saturate it.
 * FP8 work on a GPU without FP8 tensor cores runs at the BF16 rate.
 */
public final class ComputeModel {

    private final GpuType gpu;
    private final ComputeEfficiencyParameters parameters;
    private final int commSms;

    public ComputeModel(GpuType gpu, ComputeEfficiencyParameters parameters, int commSms) {
        this.gpu = Objects.requireNonNull(gpu, "gpu");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        if (commSms < 0 || commSms >= gpu.smCount()) {
            throw new IllegalArgumentException("commSms must be in [0, " + gpu.smCount() + "): " + commSms);
        }
        this.commSms = commSms;
    }

    public GpuType gpu() {
        return gpu;
    }

    public ComputeEfficiencyParameters parameters() {
        return parameters;
    }

    /** Dense tensor-core peak at {@code precision}, FLOP/s. */
    public double peakFlopsPerSecond(Precision precision) {
        return precision == Precision.FP8 && gpu.supportsFp8() ? gpu.fp8DenseFlopsPerSecond()
                : gpu.bf16DenseFlopsPerSecond();
    }

    /** The ridge point at {@code precision}: peak FLOP/s over HBM bytes/s. */
    public double ridgeFlopsPerByte(Precision precision) {
        return peakFlopsPerSecond(precision) / gpu.hbmBytesPerSecond();
    }

    /** Fraction of the peak an op of this shape reaches when compute-bound (0 for ops without FLOPs). */
    public double efficiency(Op op) {
        double base;
        if (op instanceof Op.Gemm g) {
            base = parameters.maxGemmEfficiency()
                    * (g.precision() == Precision.FP8 && gpu.supportsFp8() ? parameters.fp8GemmScale() : 1);
        } else if (op instanceof Op.Router) {
            base = parameters.maxGemmEfficiency();
        } else if (op instanceof Op.Attention) {
            base = parameters.attentionEfficiency();
        } else {
            base = 0;
        }
        if (base == 0) {
            return 0;
        }
        double x = op.intensity() / ridgeFlopsPerByte(op.precision());
        return Double.isInfinite(x) ? base : base * x / (x + parameters.halfEfficiencyIntensity());
    }

    /** Time of {@code op}, with the full GPU available to it. */
    public double timeSeconds(Op op) {
        return timeSeconds(op, false);
    }

    /** Time of {@code op}; while communication runs, the SMs it reserves are not available to compute. */
    public double timeSeconds(Op op, boolean communicationRunning) {
        double memory = op.bytes() / (gpu.hbmBytesPerSecond() * parameters.hbmEfficiency());
        double compute = 0;
        if (op.flops() > 0) {
            double smShare = communicationRunning ? (gpu.smCount() - commSms) / (double) gpu.smCount() : 1;
            compute = op.flops() / (peakFlopsPerSecond(op.precision()) * smShare * efficiency(op));
        }
        return Math.max(compute, memory) + parameters.launchOverheadSeconds();
    }

    /** Achieved FLOP/s of {@code op} (FLOPs over its time). */
    public double achievedFlopsPerSecond(Op op, boolean communicationRunning) {
        return op.flops() / timeSeconds(op, communicationRunning);
    }
}
