package org.clustersim.topology;

/** What a fabric vertex is. */
public enum VertexKind {
    GPU, NIC, NVSWITCH, LEAF, SPINE, CORE
}
