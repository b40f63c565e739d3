package org.clustersim.pipeline;

import java.util.List;

/**
 * What ran where and when: per pipeline rank, its ops with start and end times (ns, from the start of the step), and
 * every transfer of activations or gradients between ranks.
 */
public record PipelineTimeline(long makespanNs, List<List<Slot>> ranks, List<Transfer> transfers) {

    /** One op on one rank's compute stream. */
    public record Slot(PipelineOp op, long startNs, long endNs) {
        public long durationNs() {
            return endNs - startNs;
        }
    }

    /**
     * Activations ({@code gradient} false) or an input gradient of one micro-batch leaving {@code fromRank} for
     * {@code toRank}: ready at {@code sentNs}, on the wire from {@code startNs} (later when the ports it needs were
     * busy) to {@code endNs}.
     */
    public record Transfer(int fromRank, int toRank, boolean gradient, int microBatch, long sentNs, long startNs,
                           long endNs) {
    }

    public PipelineTimeline {
        ranks = ranks.stream().map(List::copyOf).toList();
        transfers = List.copyOf(transfers);
    }

    /** A timeline without transfers (all ranks on one device, or tests of the compute streams alone). */
    public PipelineTimeline(long makespanNs, List<List<Slot>> ranks) {
        this(makespanNs, ranks, List.of());
    }

    public long busyNs(int rank) {
        return ranks.get(rank).stream().mapToLong(Slot::durationNs).sum();
    }

    /** Idle time of a rank within the step: everything that is not one of its ops. */
    public long bubbleNs(int rank) {
        return makespanNs - busyNs(rank);
    }

    /**
     * Most micro-batches whose activations a rank holds at once: forwards finished whose input-gradient pass has not
     * (per stage it holds, summed). This is what the memory model multiplies by the activation size.
     */
    public int peakInFlight(int rank) {
        int held = 0;
        int peak = 0;
        for (Slot slot : ranks.get(rank)) { // slots are in execution order on one stream
            switch (slot.op().kind()) {
                case F -> held++;
                case B, BW -> held--;
                case FB -> { // the forward's activations are live while the backward frees its own
                    held++;
                    peak = Math.max(peak, held);
                    held--;
                }
                case W -> {
                }
            }
            peak = Math.max(peak, held);
        }
        return peak;
    }

    /** The rank with the least idle time: the one whose work sets the step's length. */
    public int criticalRank() {
        int best = 0;
        for (int r = 1; r < ranks.size(); r++) {
            if (bubbleNs(r) < bubbleNs(best)) {
                best = r;
            }
        }
        return best;
    }
}
