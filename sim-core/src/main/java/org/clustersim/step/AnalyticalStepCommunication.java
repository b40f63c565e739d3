package org.clustersim.step;

import org.clustersim.collective.Algorithm;
import org.clustersim.collective.CollectiveGroup;
import org.clustersim.collective.CollectiveKind;
import org.clustersim.collective.NcclTuningModel;
import org.clustersim.collective.PathBandwidths;

/**
 * Step communication in closed form: NCCL's tuning model for collectives over the plan's groups, and the expected
 * node-limited MoE traffic over the GPU's NIC share and NVLink. No contention between concurrent operations.
 *
 * @param dispatchBytesPerToken FP8 dispatch: hidden x (1 + 4/128) bytes (values plus per-128 scales; A.8)
 * @param combineBytesPerToken  BF16 combine: hidden x 2 bytes
 */
public record AnalyticalStepCommunication(NcclTuningModel nccl, PathBandwidths bandwidths, RankGroupShape groups,
                                          MoeRouting routing, double dispatchBytesPerToken,
                                          double combineBytesPerToken, double p2pLatencySeconds)
        implements StepCommunication {

    @Override
    public double tensorParallelSeconds(double bytes) {
        return collective(CollectiveKind.ALL_REDUCE, groups.tensorRanks(), groups.tensorNodes(), bytes);
    }

    @Override
    public double expertDispatchSeconds(long tokensPerRank, double loadFactor) {
        return moe(tokensPerRank, loadFactor, dispatchBytesPerToken);
    }

    @Override
    public double expertCombineSeconds(long tokensPerRank, double loadFactor) {
        return moe(tokensPerRank, loadFactor, combineBytesPerToken);
    }

    @Override
    public double expertBackwardSeconds(long tokensPerRank, double loadFactor) {
        return 2 * moe(tokensPerRank, loadFactor, combineBytesPerToken);
    }

    /**
     * One direction of MoE traffic: the network carries one copy per remote destination node, NVLink the fan-out to
     * the picked experts; both run at once, so the slower bounds the time. The busiest rank receives loadFactor x the
     * balanced share.
     */
    private double moe(long tokens, double loadFactor, double bytesPerToken) {
        if (routing == null || groups.expertRanks() <= 1) {
            return 0;
        }
        double remote = routing.expectedRemoteNodes();
        double networkBytes = tokens * remote * bytesPerToken * loadFactor;
        double nvlinkBytes = tokens * routing.topK() * bytesPerToken * loadFactor
                * (groups.expertNodes() > 1 ? 1.0 : (groups.expertRanks() - 1.0) / groups.expertRanks());
        double network = groups.expertNodes() > 1 ? networkBytes / bandwidths.interBytesPerSecond() : 0;
        double nvlink = nvlinkBytes / bandwidths.intraBytesPerSecond();
        return Math.max(network, nvlink) + p2pLatencySeconds;
    }

    @Override
    public double pipelineTransferSeconds(double bytes) {
        double bandwidth = groups.pipelineCrossesNodes() ? bandwidths.interBytesPerSecond()
                : bandwidths.intraBytesPerSecond();
        return bytes / bandwidth + p2pLatencySeconds;
    }

    @Override
    public double contextParallelSeconds(double bytes) {
        return collective(CollectiveKind.ALL_GATHER, groups.contextRanks(), groups.contextNodes(),
                bytes * groups.contextRanks());
    }

    @Override
    public double dataParallelReduceScatterSeconds(double bytes) {
        return collective(CollectiveKind.REDUCE_SCATTER, groups.dataRanks(), groups.dataNodes(), bytes);
    }

    @Override
    public double dataParallelAllGatherSeconds(double bytes) {
        return collective(CollectiveKind.ALL_GATHER, groups.dataRanks(), groups.dataNodes(), bytes);
    }

    @Override
    public double dataParallelAllReduceSeconds(double bytes) {
        return collective(CollectiveKind.ALL_REDUCE, groups.dataRanks(), groups.dataNodes(), bytes);
    }

    @Override
    public double expertDataParallelAllReduceSeconds(double bytes) {
        return collective(CollectiveKind.ALL_REDUCE, groups.expertDataRanks(), groups.expertDataNodes(), bytes);
    }

    private double collective(CollectiveKind kind, int ranks, int nodes, double bytes) {
        if (ranks <= 1 || bytes <= 0) {
            return 0;
        }
        return nccl.choose(kind, new CollectiveGroup(ranks, Math.min(nodes, ranks)), bytes, bandwidths,
                (Algorithm) null).timeSeconds();
    }

    @Override
    public String fidelity() {
        return "analytical";
    }
}
