package org.clustersim.scenario.step;

import java.util.Objects;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.network.model.Fidelity;
import org.clustersim.step.StepOptions;
import org.clustersim.topology.FabricParameters;
import org.clustersim.workload.ComputeEfficiencyParameters;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.TrainingShape;

/**
 * Everything that determines one simulated step, as values with equality: the resolved model shapes, the phase's plan
 * and step shape, the cluster's hardware, the compute model's efficiency parameters, the step options (expert load
 * included) and how communication is modelled. Prices, failure rates and phase lengths are not part of it.
 */
public record StepKey(ModelShape model, ParallelPlan plan, TrainingShape training, ClusterConfig cluster,
                      ComputeEfficiencyParameters efficiency, StepOptions options, Communication communication) {

    public StepKey {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(efficiency, "efficiency");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(communication, "communication");
    }

    /** How the step's communication is computed: closed form from the cluster, or a network model on a fabric. */
    public sealed interface Communication permits Analytical, OnFabric {
    }

    /** The analytical model: determined by the cluster, model and plan already in the key. */
    public record Analytical() implements Communication {
    }

    /** A network model of the given fidelity on the fabric these parameters build (routing seed included). */
    public record OnFabric(FabricParameters fabric, Fidelity fidelity) implements Communication {
        public OnFabric {
            Objects.requireNonNull(fabric, "fabric");
            Objects.requireNonNull(fidelity, "fidelity");
        }
    }
}
