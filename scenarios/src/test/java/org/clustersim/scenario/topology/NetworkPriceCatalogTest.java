package org.clustersim.scenario.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import org.clustersim.topology.Dragonfly;
import org.clustersim.topology.FabricCounts;
import org.clustersim.topology.NetworkPrices;
import org.clustersim.topology.SlimFly;
import org.junit.jupiter.api.Test;

/** The shipped prices are the fit of ISCA'25 Table 3's FT2 and FT3 rows (deepseek-v3.md A.5), and say so. */
class NetworkPriceCatalogTest {

    @Test
    void shippedPricesSolveTheFt2AndFt3Rows() {
        NetworkPrices prices = NetworkPriceCatalog.defaults();
        // Table 3, 64-port switches: FT2 96 switches, 2,048 links, $9M; FT3 5,120 switches, 131,072 links, $491M
        assertThat(96 * prices.switchUsd() + 2_048 * prices.linkUsd()).isCloseTo(9e6, within(1e-6));
        assertThat(5_120 * prices.switchUsd() + 131_072 * prices.linkUsd()).isCloseTo(491e6, within(1e-4));
        assertThat(prices.source()).contains("fitted on ISCA'25 Table 3 FT2 and FT3 rows", "not a vendor price");
        assertThat(prices.countsNics()).isFalse();
    }

    @Test
    void shippedPricesPredictTheRowsNotUsedInTheFit() {
        NetworkPrices prices = NetworkPriceCatalog.defaults();
        Object[][] rows = {
            {FabricCounts.multiPlane(64, 8), 4_390.0},
            {new SlimFly(28).counts(), 4_400.0},
            {Dragonfly.canonical(16, 511).counts(), 5_800.0},
        };
        for (Object[] row : rows) {
            FabricCounts counts = (FabricCounts) row[0];
            double published = (double) row[1];
            double predicted = counts.costPerEndpointUsd(prices);
            double error = predicted / published - 1;
            System.out.printf(Locale.ROOT, "%s: $%.0f per endpoint predicted, $%.0f published, error %+.1f%%%n",
                    counts.name(), predicted, published, 100 * error);
            assertThat(Math.abs(error)).isLessThanOrEqualTo(0.10);
        }
    }
}
