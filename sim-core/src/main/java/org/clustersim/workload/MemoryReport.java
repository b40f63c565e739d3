package org.clustersim.workload;

import java.util.Comparator;
import java.util.List;

/** Memory of every pipeline rank of a plan against one GPU's capacity. */
public record MemoryReport(List<RankMemory> ranks, double capacityBytes, String gpuId) {

    public MemoryReport {
        ranks = List.copyOf(ranks);
        if (ranks.isEmpty()) {
            throw new IllegalArgumentException("no ranks");
        }
    }

    /** The pipeline rank that needs the most memory (the first of equals). */
    public RankMemory peak() {
        return ranks.stream().max(Comparator.comparingDouble(RankMemory::totalBytes)).orElseThrow();
    }

    public boolean fits() {
        return peak().totalBytes() <= capacityBytes;
    }
}
