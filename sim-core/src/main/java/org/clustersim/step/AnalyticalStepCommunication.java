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
        TierBytes bytes = moeBytes(tokens, loadFactor, bytesPerToken);
        double network = bytes.networkBytes() / bandwidths.interBytesPerSecond();
        double nvlink = bytes.nvlinkBytes() / bandwidths.intraBytesPerSecond();
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

    /**
     * nccl-tests' bus bytes (all-reduce 2(n-1)/n of the buffer, reduce-scatter and all-gather (n-1)/n): every ring
     * hop a GPU sends. Inside a node they all go over NVLink. Across nodes NCCL runs one ring per rail, so of a GPU's
     * hops, 1 in k leaves the node through its NIC (k = group members per node) and the rest stay on NVLink: the same
     * accounting as the tuning model's bound min(NVLink, NIC x k). Pipeline sends carry their bytes over the network
     * when stages sit on different nodes.
     */
    @Override
    public TierBytes tierBytes(CommKind kind, double bytes) {
        if (!(bytes > 0)) {
            return TierBytes.NONE;
        }
        return switch (kind) {
            case TENSOR_ALL_REDUCE -> busBytes(2, groups.tensorRanks(), groups.tensorNodes(), bytes);
            case CONTEXT_EXCHANGE -> busBytes(1, groups.contextRanks(), groups.contextNodes(),
                    bytes * groups.contextRanks());
            case ZERO_GATHER, ZERO_SCATTER, DATA_REDUCE_SCATTER, DATA_ALL_GATHER ->
                    busBytes(1, groups.dataRanks(), groups.dataNodes(), bytes);
            case DATA_ALL_REDUCE -> busBytes(2, groups.dataRanks(), groups.dataNodes(), bytes);
            case EXPERT_DATA_ALL_REDUCE -> busBytes(2, groups.expertDataRanks(), groups.expertDataNodes(), bytes);
            case PIPELINE_ACTIVATIONS, PIPELINE_GRADIENTS -> groups.pipelineCrossesNodes()
                    ? new TierBytes(0, bytes) : new TierBytes(bytes, 0);
            case EXPERT_DISPATCH, EXPERT_COMBINE, EXPERT_BACKWARD -> TierBytes.NONE;
        };
    }

    private static TierBytes busBytes(double factor, int ranks, int nodes, double bytes) {
        if (ranks <= 1) {
            return TierBytes.NONE;
        }
        double bus = factor * (ranks - 1.0) / ranks * bytes;
        if (nodes <= 1) {
            return new TierBytes(bus, 0);
        }
        double perNode = (double) ranks / Math.min(nodes, ranks);
        return new TierBytes(bus * (perNode - 1) / perNode, bus / perNode);
    }

    /** The expected node-limited traffic {@link #moe} times: one copy per remote node, the fan-out over NVLink. */
    @Override
    public TierBytes moeTierBytes(CommKind kind, long tokensPerRank, double loadFactor) {
        if (routing == null || groups.expertRanks() <= 1) {
            return TierBytes.NONE;
        }
        return switch (kind) {
            case EXPERT_DISPATCH -> moeBytes(tokensPerRank, loadFactor, dispatchBytesPerToken);
            case EXPERT_COMBINE -> moeBytes(tokensPerRank, loadFactor, combineBytesPerToken);
            case EXPERT_BACKWARD -> moeBytes(tokensPerRank, loadFactor, combineBytesPerToken).times(2);
            default -> TierBytes.NONE;
        };
    }

    private TierBytes moeBytes(long tokens, double loadFactor, double bytesPerToken) {
        double networkBytes = tokens * routing.expectedRemoteNodes() * bytesPerToken * loadFactor;
        double nvlinkBytes = tokens * routing.topK() * bytesPerToken * loadFactor
                * (groups.expertNodes() > 1 ? 1.0 : (groups.expertRanks() - 1.0) / groups.expertRanks());
        return new TierBytes(nvlinkBytes, groups.expertNodes() > 1 ? networkBytes : 0);
    }

    @Override
    public String fidelity() {
        return "analytical";
    }
}
