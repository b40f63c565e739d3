package org.clustersim.topology;

/** Builds one shape of fabric from its parameters. Implementations are stateless. */
public interface TopologyBuilder {

    /**
     * @throws TopologyParameterError if the parameters cannot make this shape (radix too small for the endpoints,
     *                                oversubscription below 1, planes not dividing the GPUs of a node, ...)
     */
    ClusterFabric build(FabricParameters parameters);
}
