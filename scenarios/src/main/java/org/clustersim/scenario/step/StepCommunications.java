package org.clustersim.scenario.step;

import org.clustersim.collective.GpuGeneration;
import org.clustersim.collective.NcclTuningModel;
import org.clustersim.collective.PathBandwidths;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.step.AnalyticalStepCommunication;
import org.clustersim.step.MoeRouting;
import org.clustersim.step.RankGroupShape;
import org.clustersim.step.StepCommunication;
import org.clustersim.workload.FeedForward;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.ParallelPlan;

/** Builds the step's communication model from the cluster, the model and the plan. */
public final class StepCommunications {

    /**
     * NCCL channels when no SMs are reserved for communication: NCCL's usual 16 on Hopper-class multi-NIC nodes (an
     * assumption; with {@code commSms} set, channels = commSms / 2, as DeepSeek's 20 SMs are 10 channels, A.3).
     */
    static final int DEFAULT_CHANNELS = 16;

    private StepCommunications() {
    }

    /** The communication model the scenario asks for in {@code cluster.network.model} (analytical by default). */
    public static StepCommunication forScenario(org.clustersim.scenario.Scenario scenario, ModelShape model,
                                                ParallelPlan plan) {
        StepCommunication analytical = analytical(scenario.cluster(), model, plan);
        var network = scenario.spec().value().cluster().network();
        if (network == null || network.model() == null
                || network.model() == org.clustersim.scenario.spec.NetworkSpec.NetworkModelKind.ANALYTICAL) {
            return analytical;
        }
        var fidelity = network.model() == org.clustersim.scenario.spec.NetworkSpec.NetworkModelKind.FLOW
                ? org.clustersim.network.model.Fidelity.FLOW : org.clustersim.network.model.Fidelity.PER_FLOW;
        var fabric = org.clustersim.scenario.topology.FabricFactory.build(scenario);
        int channels = plan.commSms() > 0 ? Math.max(1, plan.commSms() / 2) : DEFAULT_CHANNELS;
        return new FabricStepCommunication(fabric, fidelity,
                new NcclTuningModel(GpuGeneration.of(scenario.cluster().gpu()), channels), plan, model, analytical);
    }

    /**
     * What of the scenario, beyond cluster, model and plan, determines {@link #forScenario}'s answer: nothing for the
     * analytical model, the fabric's parameters and the fidelity otherwise. Keys the step cache.
     */
    public static StepKey.Communication keyOf(org.clustersim.scenario.Scenario scenario) {
        var network = scenario.spec().value().cluster().network();
        if (network == null || network.model() == null
                || network.model() == org.clustersim.scenario.spec.NetworkSpec.NetworkModelKind.ANALYTICAL) {
            return new StepKey.Analytical();
        }
        var fidelity = network.model() == org.clustersim.scenario.spec.NetworkSpec.NetworkModelKind.FLOW
                ? org.clustersim.network.model.Fidelity.FLOW : org.clustersim.network.model.Fidelity.PER_FLOW;
        return new StepKey.OnFabric(org.clustersim.scenario.topology.FabricFactory.parameters(scenario), fidelity);
    }

    public static StepCommunication analytical(ClusterConfig cluster, ModelShape model, ParallelPlan plan) {
        int channels = plan.commSms() > 0 ? Math.max(1, plan.commSms() / 2) : DEFAULT_CHANNELS;
        NcclTuningModel nccl = new NcclTuningModel(GpuGeneration.of(cluster.gpu()), channels);
        double nicShare = cluster.node().nicAchievableBytesPerSecond() * cluster.node().nicsPerNode()
                / cluster.gpusPerNode();
        PathBandwidths bandwidths = new PathBandwidths(cluster.gpu().nvlinkAchievableBytesPerSecond(), nicShare);
        RankGroupShape groups = RankGroupShape.of(plan, cluster.gpusPerNode());
        MoeRouting routing = null;
        double dispatchBytes = 0;
        double combineBytes = 0;
        if (model.feedForward() instanceof FeedForward.MixtureOfExperts moe) {
            int epNodes = groups.expertNodes();
            int nodeLimit = moe.nodeLimit() > 0 ? moe.nodeLimit() : epNodes;
            routing = new MoeRouting(plan.expert(), epNodes, moe.routedExperts(), moe.activeExperts(), nodeLimit);
            boolean fp8 = plan.precision() == org.clustersim.workload.Precision.FP8;
            // DeepEP: FP8 dispatch carries a scale per 128 values; BF16 otherwise (deepseek-v3.md A.8)
            dispatchBytes = fp8 ? model.hidden() * (1 + 4.0 / 128) : model.hidden() * 2.0;
            combineBytes = model.hidden() * 2.0;
        }
        double p2pLatency = cluster.node().nicLatencySeconds();
        return new AnalyticalStepCommunication(nccl, bandwidths, groups, routing, dispatchBytes, combineBytes,
                p2pLatency);
    }
}
