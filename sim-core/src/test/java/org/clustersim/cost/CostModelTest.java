package org.clustersim.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class CostModelTest {

    // DGX H100: 10.2 kW per 8 GPUs => 4.6 kW beside the GPUs (fleet-and-hardware.md C.2); Epoch's 0.75 draw, PUE 1.25
    static final PowerModel H100_POWER = new PowerModel(700, 0.75, 4600, 1.25);
    static final OwnershipPrices PRICES = new OwnershipPrices(4, 0.08, 150, 0.05);

    @Test
    void deepSeekRentalHeadline() {
        // Tech report Table 1: 2,788K H800 GPU-hours at $2 = $5.576M
        assertThat(CostModel.rentalUsd(2_788_000, 2.0)).isEqualTo(5_576_000.0);
    }

    @Test
    void poolCostAddsUpFromItsParts() {
        PoolCost pool = CostModel.pool("h800", 256, 8, 358_000, 9_000_000, 2_000_000, H100_POWER, PRICES);
        double capex = 256 * 358_000.0 + 9_000_000 + 2_000_000;
        assertThat(pool.capexUsd()).isEqualTo(capex);
        double itWattsPerNode = 8 * 700 * 0.75 + 4600;
        assertThat(pool.facilityWatts()).isCloseTo(256 * itWattsPerNode * 1.25, offset(1e-6));
        assertThat(pool.electricityUsdPerYear()).isCloseTo(256 * itWattsPerNode * 1.25 / 1000 * 8760 * 0.08,
                offset(1e-6));
        assertThat(pool.facilityUsdPerYear()).isCloseTo(256 * itWattsPerNode / 1000 * 12 * 150, offset(1e-6));
        assertThat(pool.maintenanceUsdPerYear()).isCloseTo(capex * 0.05, offset(1e-6));
        assertThat(pool.depreciationUsdPerYear()).isCloseTo(capex / 4, offset(1e-6));
        assertThat(pool.tcoUsdPerYear()).isCloseTo(pool.depreciationUsdPerYear() + pool.opexUsdPerYear(),
                offset(1e-6));
    }

    @Test
    void runOwnershipIsItsShareOfThePoolsTime() {
        PoolCost pool = CostModel.pool("h800", 256, 8, 358_000, 9_000_000, 0, H100_POWER, PRICES);
        double halfYear = CostModel.SECONDS_PER_YEAR / 2;
        assertThat(CostModel.ownershipUsdForRun(pool, 2048, halfYear)).isCloseTo(pool.tcoUsdPerYear() / 2,
                offset(1e-6));
        assertThat(CostModel.ownershipUsdForRun(pool, 1024, halfYear)).isCloseTo(pool.tcoUsdPerYear() / 4,
                offset(1e-6));
        assertThatThrownBy(() -> CostModel.ownershipUsdForRun(pool, 4096, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void waterfallAddsUpToCapexPlusOneYearOfOpex() {
        // 400M a year of ownership = 300M depreciation + 100M opex
        List<Reconciliation.Step> steps = Reconciliation.waterfall(5.576e6, 4e6, 400e6, 0.3, 0.3, 300e6, 1.6e9);
        double total = steps.stream().mapToDouble(Reconciliation.Step::usd).sum();
        assertThat(total).isCloseTo(1.6e9 + 100e6, offset(1e-3));
        // the running total after the idle step is one year of fleet TCO
        double yearly = steps.subList(0, 5).stream().mapToDouble(Reconciliation.Step::usd).sum();
        assertThat(yearly).isCloseTo(400e6, offset(1e-3));
        assertThatThrownBy(() -> Reconciliation.waterfall(1, 1, 1, 0.8, 0.3, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> CostModel.rentalUsd(10, -2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PowerModel(700, 0.75, 4600, 0.9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OwnershipPrices(0, 0.08, 150, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CostModel.pool("x", 0, 8, 1, 0, 0, H100_POWER, PRICES))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
