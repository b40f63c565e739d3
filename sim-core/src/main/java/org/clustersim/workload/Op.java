package org.clustersim.workload;

/**
 * One kernel of the compute model, described by its shape. FLOPs count two per multiply-add; bytes are the minimum
 * HBM traffic (each operand read once, each result written once), which is what a roofline needs.
 */
public sealed interface Op permits Op.Gemm, Op.Attention, Op.Elementwise, Op.Router, Op.Optimizer {

    double flops();

    double bytes();

    /** Precision of the tensor-core work (BF16 for ops without any). */
    default Precision precision() {
        return Precision.BF16;
    }

    /** Arithmetic intensity in FLOPs per byte. */
    default double intensity() {
        return bytes() == 0 ? Double.POSITIVE_INFINITY : flops() / bytes();
    }

    /** A matrix multiply C[m x n] = A[m x k] B[k x n]; inputs at the given precision, output in BF16. */
    record Gemm(long m, long n, long k, Precision precision) implements Op {

        public Gemm {
            if (m <= 0 || n <= 0 || k <= 0) {
                throw new IllegalArgumentException("GEMM dimensions must be > 0: " + m + "x" + n + "x" + k);
            }
        }

        @Override
        public double flops() {
            return 2.0 * m * n * k;
        }

        @Override
        public double bytes() {
            return ((double) m * k + (double) k * n) * precision.operandBytes() + 2.0 * m * n;
        }
    }

    /**
     * Memory-efficient (flash) attention over {@code batch} sequences: {@code queries} query tokens against
     * {@code keys} key tokens per sequence. Causal masking halves the score work (the FlashAttention convention). The
     * backward pass is counted as twice the forward FLOPs and reads and writes Q, K, V, O and their gradients.
     */
    record Attention(long batch, int heads, int kvHeads, long queries, long keys, int qkHeadDim, int vHeadDim,
            boolean causal, boolean backward) implements Op {

        public Attention {
            if (batch <= 0 || heads <= 0 || kvHeads <= 0 || queries <= 0 || keys <= 0 || qkHeadDim <= 0
                    || vHeadDim <= 0) {
                throw new IllegalArgumentException("attention shape must be > 0");
            }
        }

        @Override
        public double flops() {
            double keysSeen = causal ? keys / 2.0 : keys;
            double forward = 2.0 * batch * heads * queries * keysSeen * (qkHeadDim + vHeadDim);
            return backward ? 2 * forward : forward;
        }

        @Override
        public double bytes() {
            double q = (double) batch * queries * heads * qkHeadDim;
            double kv = (double) batch * keys * kvHeads * (qkHeadDim + vHeadDim);
            double o = (double) batch * queries * heads * vHeadDim;
            double forward = 2 * (q + kv + o);
            return backward ? 2 * forward : forward;
        }
    }

    /** A memory-bound kernel (norm, activation function, residual add, loss): only bytes move. */
    record Elementwise(String name, double bytes) implements Op {

        public Elementwise {
            if (!(bytes >= 0)) {
                throw new IllegalArgumentException("bytes must be >= 0");
            }
        }

        @Override
        public double flops() {
            return 0;
        }
    }

    /**
     * An MoE router: the gate GEMM (tokens x hidden x experts, BF16 as DeepSeek keeps gating in higher precision,
     * A.2) plus the scores written, read for top-k, and the selected weights written, in FP32.
     */
    record Router(long tokens, int hidden, int experts) implements Op {

        @Override
        public double flops() {
            return 2.0 * tokens * hidden * experts;
        }

        @Override
        public double bytes() {
            return 2.0 * tokens * hidden + 2.0 * hidden * experts + 3 * 4.0 * tokens * experts;
        }
    }

    /** The optimizer step over {@code params} parameters, moving {@code bytesPerParam} bytes each (memory-bound). */
    record Optimizer(long params, double bytesPerParam) implements Op {

        @Override
        public double flops() {
            return 0;
        }

        @Override
        public double bytes() {
            return params * bytesPerParam;
        }
    }
}
