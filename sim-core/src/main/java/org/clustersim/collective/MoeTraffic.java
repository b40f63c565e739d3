package org.clustersim.collective;

/**
 * A planned MoE dispatch or combine with its byte counts per rank (averages over the group's ranks).
 *
 * @param logicalRdmaBytesPerRank DeepEP's RDMA byte count: (token, destination node) pairs, own node included, x bytes
 *                                per token; DeepEP's "RDMA bandwidth" is this over the measured time (A.8)
 * @param ibBytesPerRank          bytes that actually cross a NIC, per rank
 * @param nvlinkBytesPerRank      bytes that cross NVLink (forwarding and own-node traffic), per rank
 * @param receivedBytesPerRank    (token, destination rank) rows each rank receives x bytes per token: DeepEP's NVL
 *                                byte count
 */
public record MoeTraffic(CollectivePlan plan, double logicalRdmaBytesPerRank, double ibBytesPerRank,
                         double nvlinkBytesPerRank, double receivedBytesPerRank) {
}
