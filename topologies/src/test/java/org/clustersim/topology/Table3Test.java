package org.clustersim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * ISCA'25 Table 3 (deepseek-v3.md A.5): counts exact for the fabrics clustersim builds, count formulas for Slim Fly and
 * Dragonfly, and the two unit prices fitted on FT2 and FT3 predicting the other rows.
 */
class Table3Test {

    /** A row of Table 3 as published: endpoints, switches, links, cost in M$, cost per endpoint in k$. */
    record Row(String name, long endpoints, long switches, long links, double costMusd, double perEndpointKusd) {
    }

    static final Row FT2 = new Row("FT2", 2_048, 96, 2_048, 9, 4.39);
    static final Row MPFT = new Row("MPFT", 16_384, 768, 16_384, 72, 4.39);
    static final Row FT3 = new Row("FT3", 65_536, 5_120, 131_072, 491, 7.5);
    static final Row SF = new Row("SF", 32_928, 1_568, 32_928, 146, 4.4);
    static final Row DF = new Row("DF", 261_632, 16_352, 384_272, 1_522, 5.8);

    static void assertCounts(FabricCounts counts, Row row) {
        assertThat(counts.endpoints()).as(row.name + " endpoints").isEqualTo(row.endpoints);
        assertThat(counts.switches()).as(row.name + " switches").isEqualTo(row.switches);
        assertThat(counts.switchLinks()).as(row.name + " links").isEqualTo(row.links);
    }

    @Test
    void builtTwoLevelFatTreeMatchesFt2() {
        ClusterFabric f = Topologies.build(Hardware.parameters(TopologyKind.FAT_TREE, 256, 8));
        assertCounts(f.billOfMaterials().counts("FT2"), FT2);
    }

    @Test
    void builtMultiPlaneFatTreeMatchesMpft() {
        ClusterFabric f = Topologies.build(Hardware.parameters(TopologyKind.MULTI_PLANE, 2_048, 8).withPlanes(8));
        assertCounts(f.billOfMaterials().counts("MPFT"), MPFT);
    }

    @Test
    void builtThreeLevelFatTreeMatchesFt3() {
        ClusterFabric f = Topologies.build(Hardware.parameters(TopologyKind.FAT_TREE_3, 8_192, 8));
        assertCounts(f.billOfMaterials().counts("FT3"), FT3);
        assertThat(f.billOfMaterials().coreSwitches()).isEqualTo(32 * 32);
    }

    @Test
    void deepSeeksClusterIsEightPlanesOfEightLeavesAndFourSpines() {
        ClusterFabric f = Topologies.build(Hardware.parameters(TopologyKind.MULTI_PLANE, 256, 8));
        BillOfMaterials bom = f.billOfMaterials();
        assertThat(bom.switches()).isEqualTo(8 * (8 + 4));
        assertThat(bom.leafSwitches()).isEqualTo(8 * 8);
        assertThat(bom.spineSwitches()).isEqualTo(8 * 4);
        assertThat(bom.switchLinks()).isEqualTo(2_048);
        assertThat(bom.nicLinks()).isEqualTo(2_048);
        // non-blocking: half the GPUs can send at full NIC rate to the other half
        assertThat(f.bisectionBytesPerSecond()).isEqualTo(1_024 * Hardware.NIC);
    }

    @Test
    void countFormulasReproduceEveryRow() {
        assertCounts(FabricCounts.fatTree2(64), FT2);
        assertCounts(FabricCounts.multiPlane(64, 8), MPFT);
        assertCounts(FabricCounts.fatTree3(64), FT3);
        SlimFly slimFly = new SlimFly(28);
        assertCounts(slimFly.counts(), SF);
        assertThat(slimFly.routerRadix()).isLessThanOrEqualTo(64);
        Dragonfly dragonfly = Dragonfly.canonical(16, 511);
        assertCounts(dragonfly.counts(), DF);
        assertThat(dragonfly.routerRadix()).isLessThanOrEqualTo(64);
    }

    @Test
    void pricesFittedOnFt2AndFt3PredictTheOtherRowsWithinTenPercent() {
        NetworkPrices prices = PriceFit.fit(FabricCounts.fatTree2(64), FT2.costMusd * 1e6, FabricCounts.fatTree3(64),
                FT3.costMusd * 1e6, "fit");
        System.out.printf(Locale.ROOT, "fitted on FT2 and FT3: $%.2f per switch, $%.2f per link%n", prices.switchUsd(),
                prices.linkUsd());
        // the fit reproduces the rows it was fitted on
        assertThat(FabricCounts.fatTree2(64).costUsd(prices)).isCloseTo(9e6, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(FabricCounts.fatTree3(64).costUsd(prices)).isCloseTo(491e6,
                org.assertj.core.data.Offset.offset(1e-2));
        List<Object[]> predicted = List.of(new Object[] {FabricCounts.multiPlane(64, 8), MPFT},
                new Object[] {new SlimFly(28).counts(), SF}, new Object[] {Dragonfly.canonical(16, 511).counts(), DF});
        for (Object[] p : predicted) {
            FabricCounts counts = (FabricCounts) p[0];
            Row row = (Row) p[1];
            double perEndpoint = counts.costPerEndpointUsd(prices);
            double error = perEndpoint / (row.perEndpointKusd * 1e3) - 1;
            double totalError = counts.costUsd(prices) / (row.costMusd * 1e6) - 1;
            System.out.printf(Locale.ROOT, "%-4s predicted $%.1fM ($%.2fK/endpoint), published $%.0fM ($%.2fK): "
                    + "%+.1f%% per endpoint, %+.1f%% total%n", row.name, counts.costUsd(prices) / 1e6,
                    perEndpoint / 1e3, row.costMusd, row.perEndpointKusd, 100 * error, 100 * totalError);
            assertThat(Math.abs(error)).as(row.name + " cost per endpoint").isLessThanOrEqualTo(0.10);
        }
    }
}
