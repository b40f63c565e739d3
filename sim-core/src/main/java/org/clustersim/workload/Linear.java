package org.clustersim.workload;

/**
 * One weight matrix of the model (or a set of identical ones, such as the routed experts' up projections), the single
 * source from which parameter counts, FLOP counts and GEMM ops are derived so the three always agree.
 *
 * @param name            short name as in the reference implementations ({@code wq_b}, {@code w1}, {@code head})
 * @param component       which part of the model it belongs to (drives expert placement and the breakdowns)
 * @param inFeatures      input width (the GEMM's k)
 * @param outFeatures     output width (the GEMM's n)
 * @param instances       how many copies exist (routed experts: 256 for DeepSeek-V3; otherwise usually 1)
 * @param activeInstances how many of them one token passes through (routed experts: top-k)
 * @param latentUpProjection true for MLA's up-projections from a compressed latent, which selective recomputation
 *                           recomputes instead of storing their outputs (DeepSeek-V3 §3.2.3, deepseek-v3.md A.2)
 */
public record Linear(String name, Component component, long inFeatures, long outFeatures, int instances,
        int activeInstances, boolean latentUpProjection) {

    /** The part of the model a weight belongs to. */
    public enum Component {
        EMBEDDING, ATTENTION, DENSE_FFN, SHARED_EXPERTS, ROUTED_EXPERTS, ROUTER, MTP_PROJECTION, OUTPUT_HEAD
    }

    public Linear {
        if (inFeatures <= 0 || outFeatures <= 0 || instances <= 0 || activeInstances < 0
                || activeInstances > instances) {
            throw new IllegalArgumentException("bad linear " + name + ": " + inFeatures + "x" + outFeatures + " x"
                    + instances + " (" + activeInstances + " active)");
        }
    }

    static Linear of(String name, Component component, long in, long out) {
        return new Linear(name, component, in, out, 1, 1, false);
    }

    /** Weights of all instances (no bias). */
    public long weightParams() {
        return Math.multiplyExact(Math.multiplyExact(inFeatures, outFeatures), (long) instances);
    }

    /** Weights one token multiplies with. */
    public long activeWeightParams() {
        return inFeatures * outFeatures * activeInstances;
    }

    /** Bias parameters of all instances, when the model's linear layers carry biases. */
    public long biasParams() {
        return outFeatures * instances;
    }

    /** Forward FLOPs per token: one multiply and one add per active weight. */
    public double forwardFlopsPerToken() {
        return 2.0 * activeWeightParams();
    }
}
