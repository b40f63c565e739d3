package org.clustersim.pipeline;

/**
 * Durations the pipeline simulator needs, in integer nanoseconds. A stage's costs may differ by chain and position
 * (first and last stages carry the embedding and the output head).
 */
public interface OpCosts {

    long forwardNs(int chain, int position);

    /** Backward for inputs only. */
    long backwardInputNs(int chain, int position);

    /** Backward for weights only. */
    long backwardWeightNs(int chain, int position);

    /** Full backward; by default input plus weight. */
    default long fullBackwardNs(int chain, int position) {
        return backwardInputNs(chain, position) + backwardWeightNs(chain, position);
    }

    /** A forward overlapped with a full backward on the same rank. Without a model of overlap, they serialise. */
    default long overlappedNs(int fChain, int fPosition, int bChain, int bPosition) {
        return forwardNs(fChain, fPosition) + fullBackwardNs(bChain, bPosition);
    }

    /** Time for activations (forward) or gradients (backward) to travel from one rank to the next. */
    long transferNs(int chain, int fromPosition, int toPosition);

    /** Uniform costs, for schedule tests and formulas. */
    static OpCosts uniform(long forwardNs, long backwardInputNs, long backwardWeightNs, long overlappedNs,
                           long transferNs) {
        return new OpCosts() {
            @Override
            public long forwardNs(int chain, int position) {
                return forwardNs;
            }

            @Override
            public long backwardInputNs(int chain, int position) {
                return backwardInputNs;
            }

            @Override
            public long backwardWeightNs(int chain, int position) {
                return backwardWeightNs;
            }

            @Override
            public long overlappedNs(int fChain, int fPosition, int bChain, int bPosition) {
                return overlappedNs;
            }

            @Override
            public long transferNs(int chain, int fromPosition, int toPosition) {
                return transferNs;
            }
        };
    }
}
