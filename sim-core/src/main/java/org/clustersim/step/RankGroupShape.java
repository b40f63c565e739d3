package org.clustersim.step;

import org.clustersim.workload.ParallelPlan;

/**
 * How the plan's communication groups fall on nodes. Global ranks are numbered tensor fastest, then context, data,
 * pipeline (the workload model's layout), and nodes hold {@code gpusPerNode} consecutive ranks.
 */
public record RankGroupShape(int tensorRanks, int tensorNodes, int expertRanks, int expertNodes, int dataRanks,
                             int dataNodes, int expertDataRanks, int expertDataNodes, int contextRanks,
                             int contextNodes, boolean pipelineCrossesNodes) {

    public static RankGroupShape of(ParallelPlan plan, int gpusPerNode) {
        int t = plan.tensor();
        int c = plan.context();
        int d = plan.data();
        int e = plan.expert();
        // consecutive ranks: tensor, then tensor x context, then ...; expert groups are consecutive in-stage ranks
        int tensorNodes = nodesSpanned(1, t, gpusPerNode);
        int contextNodes = nodesSpanned(t, c, gpusPerNode);
        int dataNodes = nodesSpanned(t * c, d, gpusPerNode);
        int expertNodes = nodesSpanned(1, e, gpusPerNode);
        int edp = plan.expertDataParallel();
        int expertDataNodes = nodesSpanned(e, edp, gpusPerNode);
        boolean crosses = plan.ranksPerStage() >= gpusPerNode || plan.pipeline() > 1 && gpusPerNode == 1;
        return new RankGroupShape(t, tensorNodes, e, expertNodes, d, dataNodes, edp, expertDataNodes, c, contextNodes,
                crosses);
    }

    /** Nodes touched by {@code members} ranks spaced {@code stride} apart. */
    static int nodesSpanned(int stride, int members, int gpusPerNode) {
        long span = (long) stride * members;
        if (stride >= gpusPerNode) {
            return members;
        }
        return (int) Math.max(1, (span + gpusPerNode - 1) / gpusPerNode);
    }
}
