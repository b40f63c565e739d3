package org.clustersim.scenario.step;

import java.util.HashMap;
import java.util.Map;
import org.clustersim.collective.CollectiveKind;
import org.clustersim.collective.CollectivePlanner;
import org.clustersim.collective.CollectiveRunner;
import org.clustersim.collective.CollectiveSpec;
import org.clustersim.collective.ExpertHistogram;
import org.clustersim.collective.MoeExchange;
import org.clustersim.collective.NcclTuningModel;
import org.clustersim.collective.RankGroups;
import org.clustersim.engine.Simulation;
import org.clustersim.network.Fabric;
import org.clustersim.network.model.Fidelity;
import org.clustersim.network.model.NetworkModel;
import org.clustersim.network.model.NetworkModels;
import org.clustersim.step.StepCommunication;
import org.clustersim.workload.FeedForward;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.ParallelPlan;

/**
 * Step communication run on the cluster's real fabric by a network model (flow-level with symmetry classes, or
 * per-flow): each collective of the step is placed on the plan's actual rank groups of pipeline stage 0 (stages are
 * alike), simulated alone, and cached by size. Tensor-parallel, data-parallel, expert-data-parallel collectives and the
 * MoE dispatch and combine (balanced node-limited routing, deduplicated per node) all go through the fabric;
 * pipeline transfers and context-parallel exchanges use the analytical answer.
 *
 * <p>Uneven expert load scales the MoE exchange time linearly: the busiest rank's bytes, over the same bottleneck.
 */
public final class FabricStepCommunication implements StepCommunication {

    private final StepCommunication analytical;
    private final NetworkModel network;
    private final CollectivePlanner planner;
    private final ParallelPlan plan;
    private final ModelShape model;
    private final Fidelity fidelity;
    private final int gpusPerNode;
    private final Map<String, Double> cache = new HashMap<>();

    public FabricStepCommunication(Fabric fabric, Fidelity fidelity, NcclTuningModel nccl, ParallelPlan plan,
                                   ModelShape model, StepCommunication analytical) {
        this.network = NetworkModels.create(fidelity, new Simulation(1), fabric);
        this.planner = new CollectivePlanner(fabric, nccl);
        this.plan = plan;
        this.model = model;
        this.fidelity = fidelity;
        this.gpusPerNode = fabric.gpusPerNode();
        this.analytical = analytical;
    }

    /** Ranks of one group in stage 0: {@code count} ranks from {@code first}, {@code stride} apart. */
    private static int[] group(int first, int count, int stride) {
        int[] ranks = new int[count];
        for (int i = 0; i < count; i++) {
            ranks[i] = first + i * stride;
        }
        return ranks;
    }

    private double collective(String key, CollectiveKind kind, int[] ranks, double bytes) {
        if (ranks.length <= 1 || bytes <= 0) {
            return 0;
        }
        return cache.computeIfAbsent(key + ":" + bytes, k -> CollectiveRunner.seconds(network,
                planner.plan(CollectiveSpec.of(kind, RankGroups.of(ranks), bytes)).traffic()));
    }

    @Override
    public double tensorParallelSeconds(double bytes) {
        return collective("tp", CollectiveKind.ALL_REDUCE, group(0, plan.tensor(), 1), bytes);
    }

    private double moe(CollectiveKind kind, long tokens, double loadFactor) {
        if (!(model.feedForward() instanceof FeedForward.MixtureOfExperts moe) || plan.expert() <= 1) {
            return 0;
        }
        double balanced = cache.computeIfAbsent(kind + ":" + tokens, k -> {
            int ranks = plan.expert();
            int perNode = Math.min(ranks, gpusPerNode);
            int nodes = Math.max(1, ranks / perNode);
            int nodeLimit = moe.nodeLimit() > 0 ? moe.nodeLimit() : nodes;
            ExpertHistogram histogram = ExpertHistogram.balanced(ranks, perNode, moe.routedExperts() / ranks,
                    tokens, moe.activeExperts(), nodeLimit);
            RankGroups groups = RankGroups.of(group(0, ranks, 1));
            MoeExchange exchange = kind == CollectiveKind.MOE_DISPATCH && plan.precision()
                    == org.clustersim.workload.Precision.FP8
                    ? MoeExchange.dispatch(groups, histogram, model.hidden())
                    : MoeExchange.combine(groups, histogram, model.hidden());
            return CollectiveRunner.seconds(network, planner.plan(exchange).plan().traffic());
        });
        return balanced * loadFactor;
    }

    @Override
    public double expertDispatchSeconds(long tokensPerRank, double loadFactor) {
        return moe(CollectiveKind.MOE_DISPATCH, tokensPerRank, loadFactor);
    }

    @Override
    public double expertCombineSeconds(long tokensPerRank, double loadFactor) {
        return moe(CollectiveKind.MOE_COMBINE, tokensPerRank, loadFactor);
    }

    @Override
    public double expertBackwardSeconds(long tokensPerRank, double loadFactor) {
        return 2 * moe(CollectiveKind.MOE_COMBINE, tokensPerRank, loadFactor);
    }

    @Override
    public double pipelineTransferSeconds(double bytes) {
        return analytical.pipelineTransferSeconds(bytes);
    }

    @Override
    public double contextParallelSeconds(double bytes) {
        return analytical.contextParallelSeconds(bytes);
    }

    private int[] dataGroup() {
        return group(0, plan.data(), plan.tensor() * plan.context());
    }

    @Override
    public double dataParallelReduceScatterSeconds(double bytes) {
        return collective("dp-rs", CollectiveKind.REDUCE_SCATTER, dataGroup(), bytes);
    }

    @Override
    public double dataParallelAllGatherSeconds(double bytes) {
        return collective("dp-ag", CollectiveKind.ALL_GATHER, dataGroup(), bytes);
    }

    @Override
    public double dataParallelAllReduceSeconds(double bytes) {
        return collective("dp-ar", CollectiveKind.ALL_REDUCE, dataGroup(), bytes);
    }

    @Override
    public double expertDataParallelAllReduceSeconds(double bytes) {
        return collective("edp-ar", CollectiveKind.ALL_REDUCE, group(0, plan.expertDataParallel(), plan.expert()),
                bytes);
    }

    @Override
    public String fidelity() {
        return fidelity.spelling();
    }

    /** Bytes by tier depend on the plan's groups, not on the network model: the analytical accounting. */
    @Override
    public org.clustersim.step.TierBytes tierBytes(org.clustersim.step.CommKind kind, double bytes) {
        return analytical.tierBytes(kind, bytes);
    }

    @Override
    public org.clustersim.step.TierBytes moeTierBytes(org.clustersim.step.CommKind kind, long tokensPerRank,
                                                      double loadFactor) {
        return analytical.moeTierBytes(kind, tokensPerRank, loadFactor);
    }
}
