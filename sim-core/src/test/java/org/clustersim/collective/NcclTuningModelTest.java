package org.clustersim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class NcclTuningModelTest {

    static final NcclTuningModel HOPPER = new NcclTuningModel(GpuGeneration.HOPPER, 16);
    static final PathBandwidths H800 = new PathBandwidths(160e9, 40e9); // DeepSeek's achievable NVLink and IB

    @Test
    void largeRingAllReduceOnOneNodeMatchesTheAlphaBetaBandwidthTerm() {
        double bytes = 8L << 30;
        CollectiveChoice c = HOPPER.choose(CollectiveKind.ALL_REDUCE, new CollectiveGroup(8, 1), bytes, H800,
                Algorithm.RING);
        // Ring all-reduce moves 2(p-1)/p x n bytes per rank (Thakur et al.; network-and-collectives.md §3.1).
        double closedForm = 2.0 * 7 / 8 * bytes / 160e9;
        double transfer = c.timeSeconds() - c.latencySeconds();
        System.out.printf("ring AR 8 GiB on 8 GPUs: %.4f s vs closed form %.4f s (%.3f%%)%n", transfer, closedForm,
                100 * (transfer - closedForm) / closedForm);
        assertThat(c.protocol()).isEqualTo(Protocol.SIMPLE);
        assertThat(transfer).isCloseTo(closedForm, offset(closedForm * 0.01));
        assertThat(c.busBwBytesPerSecond()).isCloseTo(160e9, offset(1.0));
        assertThat(c.protocolEfficiency()).isEqualTo(1.0);
    }

    @Test
    void busBandwidthFollowsNcclTestsDefinitions() {
        double bytes = 1L << 30;
        for (CollectiveKind kind : List.of(CollectiveKind.ALL_REDUCE, CollectiveKind.ALL_GATHER,
                CollectiveKind.REDUCE_SCATTER)) {
            CollectiveChoice c = HOPPER.choose(kind, new CollectiveGroup(8, 1), bytes, H800, Algorithm.RING);
            assertThat(c.busBwBytesPerSecond())
                    .isCloseTo(c.algBwBytesPerSecond() * kind.busBandwidthFactor(8), offset(1e3));
        }
        assertThat(CollectiveKind.ALL_REDUCE.busBandwidthFactor(8)).isEqualTo(2.0 * 7 / 8);
        assertThat(CollectiveKind.ALL_GATHER.busBandwidthFactor(8)).isEqualTo(7.0 / 8);
        assertThat(CollectiveKind.BROADCAST.busBandwidthFactor(8)).isEqualTo(1.0);
    }

    @Test
    void smallMessagesPreferLowLatencyProtocolsAndLargeOnesSimple() {
        CollectiveGroup group = new CollectiveGroup(64, 8);
        CollectiveChoice small = HOPPER.choose(CollectiveKind.ALL_REDUCE, group, 8 * 1024, H800, null);
        CollectiveChoice large = HOPPER.choose(CollectiveKind.ALL_REDUCE, group, 4L << 30, H800, null);
        assertThat(small.protocol()).isEqualTo(Protocol.LL);
        assertThat(large.protocol()).isEqualTo(Protocol.SIMPLE);
        // 8 ranks per node drive 8 NICs in parallel, so the bound is min(NVLink 160, 8 x 40) GB/s
        assertThat(large.busBwBytesPerSecond()).isLessThanOrEqualTo(160e9 * 1.0001);
        assertThat(large.busBwBytesPerSecond()).isGreaterThan(0.9 * 160e9);
        // one rank per node (a data-parallel group across nodes) is bound by its own NIC
        CollectiveChoice railed = HOPPER.choose(CollectiveKind.ALL_REDUCE, new CollectiveGroup(128, 128), 4L << 30,
                H800, null);
        assertThat(railed.busBwBytesPerSecond()).isLessThanOrEqualTo(40e9 * 1.0001).isGreaterThan(0.85 * 40e9);
    }

    @Test
    void chosenIsTheMinimumOfAllCandidates() {
        CollectiveGroup group = new CollectiveGroup(256, 32);
        for (double bytes : new double[] {1e3, 1e5, 1e7, 1e9}) {
            List<CollectiveChoice> all = HOPPER.candidates(CollectiveKind.ALL_REDUCE, group, bytes, H800);
            CollectiveChoice chosen = HOPPER.choose(CollectiveKind.ALL_REDUCE, group, bytes, H800, null);
            assertThat(all).allSatisfy(c -> assertThat(c.timeSeconds()).isGreaterThanOrEqualTo(chosen.timeSeconds()));
            assertThat(all.stream().map(CollectiveChoice::algorithm).distinct())
                    .contains(Algorithm.RING, Algorithm.TREE, Algorithm.HIERARCHICAL);
        }
    }

    @Test
    void llIsCappedByTheArchitectureTable() {
        CollectiveChoice ll = HOPPER.candidates(CollectiveKind.ALL_GATHER, new CollectiveGroup(16, 4), 1e9, H800)
                .stream().filter(c -> c.protocol() == Protocol.LL).findFirst().orElseThrow();
        // Hopper, 4+ nodes: llMaxBw 35 GB/s caps half of the 4 x 40 GB/s hardware bus bandwidth
        assertThat(ll.busBwBytesPerSecond()).isEqualTo(35e9);
        assertThat(ll.protocolEfficiency()).isEqualTo(35.0 / 160.0);
    }

    @Test
    void ampereHasNoLl128() {
        NcclTuningModel ampere = new NcclTuningModel(GpuGeneration.AMPERE, 16);
        assertThat(ampere.candidates(CollectiveKind.ALL_REDUCE, new CollectiveGroup(8, 1), 1e6, H800))
                .noneMatch(c -> c.protocol() == Protocol.LL128);
    }

    @Test
    void directAllToAllIsBoundByTheNicShare() {
        // 64 ranks on 8 nodes: 56/64 of each rank's bytes leave the node through a 40 GB/s NIC share
        double bytes = 1e9;
        CollectiveChoice c = HOPPER.choose(CollectiveKind.ALL_TO_ALL, new CollectiveGroup(64, 8), bytes, H800, null);
        assertThat(c.timeSeconds() - c.latencySeconds()).isCloseTo(bytes * 56 / 64 / 40e9, offset(1e-9));
        assertThat(c.algorithm()).isEqualTo(Algorithm.DIRECT);
    }

    @Test
    void treeCannotRunAllGather() {
        assertThatThrownBy(() -> HOPPER.choose(CollectiveKind.ALL_GATHER, new CollectiveGroup(16, 2), 1e6, H800,
                Algorithm.TREE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tree");
    }
}
