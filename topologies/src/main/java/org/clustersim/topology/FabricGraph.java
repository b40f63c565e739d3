package org.clustersim.topology;

import org.jgrapht.graph.AbstractBaseGraph;
import org.jgrapht.graph.DefaultGraphSpecificsStrategy;
import org.jgrapht.graph.DefaultGraphType;

/**
 * The JGraphT view of a fabric: vertices are vertex ids, edges are link ids, one edge per direction of a cable, with
 * parallel cables allowed. Uses the default (not the fast-lookup) specifics: the fabric never asks for the edges
 * between two vertices, and the fast-lookup index would double the memory of a 65,536-endpoint tree.
 */
final class FabricGraph extends AbstractBaseGraph<Integer, Integer> {

    private static final long serialVersionUID = 1L;

    FabricGraph() {
        super(null, null, new DefaultGraphType.Builder().directed().allowMultipleEdges(true).allowSelfLoops(false)
                .allowCycles(true).weighted(false).build(), new DefaultGraphSpecificsStrategy<>());
    }
}
