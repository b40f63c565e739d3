package org.clustersim.step;

import java.util.List;
import org.clustersim.engine.SimTime;
import org.clustersim.pipeline.OpCosts;

/**
 * Pipeline op durations from per-chunk work: the costs the step simulator hands the pipeline simulator, kept in one
 * place so that anything reasoning about the same timeline (the lower bound of {@link StepLowerBound}) sees exactly
 * the same nanoseconds. Positions index {@code works} (chunk = position; DualPipe's second chain reuses them).
 *
 * <p>Overlap: in DualPipe's overlapped forward-and-backward pairs the communication of each half hides behind the
 * other's compute, which runs on the SMs left after those reserved for communication ({@code smFactor} = SMs /
 * (SMs - commSms)); every other op runs its communication after its compute.
 */
public final class ChunkOpCosts implements OpCosts {

    private final List<ChunkWork> works;
    private final long transferNs;
    private final double smFactor;

    /**
     * @param transferSeconds activations or gradients of one micro-batch from one pipeline rank to the next
     * @param smFactor        slowdown of compute while communication kernels hold their SMs (>= 1)
     */
    public ChunkOpCosts(List<ChunkWork> works, double transferSeconds, double smFactor) {
        this.works = List.copyOf(works);
        this.transferNs = SimTime.secondsToNs(transferSeconds);
        this.smFactor = smFactor;
    }

    @Override
    public long forwardNs(int chain, int position) {
        return SimTime.secondsToNs(works.get(position).forward());
    }

    @Override
    public long backwardInputNs(int chain, int position) {
        return SimTime.secondsToNs(works.get(position).backwardInput());
    }

    @Override
    public long backwardWeightNs(int chain, int position) {
        return SimTime.secondsToNs(works.get(position).weightCompute());
    }

    @Override
    public long fullBackwardNs(int chain, int position) {
        return SimTime.secondsToNs(works.get(position).fullBackward());
    }

    @Override
    public long overlappedNs(int fChain, int fPosition, int bChain, int bPosition) {
        ChunkWork f = works.get(fPosition);
        ChunkWork b = works.get(bPosition);
        double computeSeconds = Math.max(f.forwardCompute(), f.forwardPrefetch())
                + Math.max(b.backwardInputCompute() + b.weightCompute(), b.backwardPrefetch());
        double commSeconds = f.forwardComm() + b.backwardInputComm();
        double overlapped = commSeconds > 0 ? Math.max(computeSeconds * smFactor, commSeconds) : computeSeconds;
        return SimTime.secondsToNs(overlapped);
    }

    @Override
    public long transferNs(int chain, int fromPosition, int toPosition) {
        return transferNs;
    }
}
