package org.clustersim.scenario.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.clustersim.cost.Reconciliation;
import org.clustersim.run.Assumption;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.run.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FleetCalculatorTest {

    static final Path FLEET = Path.of("examples", "deepseek-fleet-50k.yaml");
    /** DeepSeek-V3's published total, used as the reference run's GPU-hours in these tests (deepseek-v3.md A.7). */
    static final double RUN_GPU_HOURS = 2_788_000;

    private final ScenarioLoader loader = new ScenarioLoader();
    private final FleetCalculator calculator = new FleetCalculator(Catalog.builtIn());

    private Scenario load(Path file, String... overrides) {
        return loader.load(file, List.of(overrides));
    }

    /** A run result without simulating: the fleet only reads GPU-hours, rental and ownership cost. */
    private static RunResult run(Scenario s, double gpuHours, double rentalUsd, double ownershipUsd) {
        return new RunResult(s.name(), null, "test", s.cluster(), "step", List.of(), List.of(), 0, gpuHours,
                rentalUsd, 0, List.<Assumption>of(), "test", 1, 0, ownershipUsd);
    }

    private FleetResult fleet(Scenario s) {
        return calculator.compute(s, run(s, RUN_GPU_HOURS, RUN_GPU_HOURS * 2, Double.NaN));
    }

    @Test
    void capexMatchesTheListedPricesAndCountsByHand() {
        FleetResult f = fleet(load(FLEET));
        // Prices and counts as written in deepseek-fleet-50k.yaml; network $4,390 per GPU endpoint (A.5).
        double h800 = 10_000 / 8 * 358_000.0 + 10_000 * 4_390.0;
        double h100 = 10_000 / 8 * 270_000.0 + 10_000 * 4_390.0;
        double h20 = 30_000 / 8 * (1_200_000 / 7.2) + 30_000 * 4_390.0;
        System.out.printf("fleet capex %.0f (hand %.0f), ratio to $1.6B %.3f%n", f.capexUsd(), h800 + h100 + h20,
                f.capexRatioToReported());
        assertThat(f.pools()).extracting(FleetResult.Pool::name).containsExactly("h800", "h100", "h20");
        assertThat(f.pools().get(0).cost().capexUsd()).isEqualTo(h800);
        assertThat(f.pools().get(1).cost().capexUsd()).isEqualTo(h100);
        assertThat(f.pools().get(2).cost().capexUsd()).isEqualTo(h20);
        assertThat(f.capexUsd()).isEqualTo(h800 + h100 + h20);
        assertThat(f.capexRatioToReported()).isEqualTo((h800 + h100 + h20) / 1.6e9);
        assertThat(f.gpus()).isEqualTo(50_000);
        assertThat(f.disabledPools()).containsExactly("a100");
    }

    @Test
    void opexPartsAddUpAndElectricityFollowsThePowerModel() {
        FleetResult f = fleet(load(FLEET));
        for (FleetResult.Pool p : f.pools()) {
            var c = p.cost();
            assertThat(c.electricityUsdPerYear() + c.facilityUsdPerYear() + c.maintenanceUsdPerYear())
                    .isEqualTo(c.opexUsdPerYear());
            assertThat(c.maintenanceUsdPerYear()).isEqualTo(c.capexUsd() * 0.05);
            assertThat(c.depreciationUsdPerYear()).isEqualTo(c.capexUsd() / 4);
        }
        assertThat(f.electricityUsdPerYear() + f.facilityUsdPerYear() + f.maintenanceUsdPerYear())
                .isCloseTo(f.opexUsdPerYear(), org.assertj.core.data.Offset.offset(1e-6));
        // H800 pool by hand: 1,250 nodes x (8 x 700 W x 0.75 + 4.6 kW server) x PUE 1.25 at $0.08/kWh (C.2).
        double facilityWatts = 1_250 * (8 * 700 * 0.75 + 4_600) * 1.25;
        assertThat(f.pools().get(0).cost().facilityWatts()).isCloseTo(facilityWatts,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(f.pools().get(0).cost().electricityUsdPerYear()).isCloseTo(facilityWatts / 1000 * 8760 * 0.08,
                org.assertj.core.data.Offset.offset(1e-3));
        // Fleet power is in the range of the reference's ~59 MW sanity check (fleet-and-hardware.md B).
        System.out.printf("fleet facility power %.1f MW (reference sanity check ~59 MW)%n", f.facilityWatts() / 1e6);
    }

    @Test
    void disablingTheA100PoolRemovesExactlyItsCapex() {
        FleetResult without = fleet(load(FLEET));
        FleetResult with = fleet(load(FLEET, "fleet.pools[3].enabled=true"));
        double a100 = 10_000 / 8 * (8 * 12_500 * 1.25) + 10_000 * 4_390.0;
        assertThat(with.pools()).hasSize(4);
        assertThat(with.pools().get(3).cost().capexUsd()).isEqualTo(a100);
        assertThat(with.capexUsd() - without.capexUsd()).isCloseTo(a100, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(with.peakFp8FlopsPerSecond()).isEqualTo(without.peakFp8FlopsPerSecond()); // A100: no FP8
    }

    @Test
    void runOnEachPoolScalesGpuHoursByTheRatioOfPeaks() {
        FleetResult f = fleet(load(FLEET));
        // The example runs FP8: H800 1978.9 TFLOPS vs H20 296 TFLOPS dense FP8 (C.1).
        FleetResult.Pool h20 = f.pools().get(2);
        assertThat(h20.runGpuHours()).isCloseTo(RUN_GPU_HOURS * 1978.9 / 296,
                org.assertj.core.data.Offset.offset(1e-3));
        assertThat(h20.runDays()).isCloseTo(h20.runGpuHours() / 30_000 / 24, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h20.runsPerYear()).isCloseTo(0.2 * 365 / h20.runDays(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(f.pools().get(0).runGpuHours()).isEqualTo(RUN_GPU_HOURS);
        assertThat(f.runScalingMethod()).contains("approximation");
    }

    @Test
    void reconciliationStartsAtTheRentalHeadlineAndEndsAtCapexPlusOneYearOfOpex() {
        Scenario s = load(FLEET);
        FleetResult f = fleet(s);
        List<Reconciliation.Step> steps = f.reconciliation();
        assertThat(steps.get(0).usd()).isEqualTo(RUN_GPU_HOURS * 2);
        // No ownership cost given to the run: it is priced at the H800 pool's cost per GPU-hour at full use.
        FleetResult.Pool h800 = f.pools().get(0);
        assertThat(f.runOwnedUsd()).isEqualTo(RUN_GPU_HOURS * h800.cost().tcoUsdPerYear() / (10_000 * 8760.0));
        double total = steps.stream().mapToDouble(Reconciliation.Step::usd).sum();
        assertThat(total).isCloseTo(f.capexUsd() + f.opexUsdPerYear(), org.assertj.core.data.Offset.offset(1e-3));
        // With the run's own ownership cost, that figure is used instead.
        FleetResult owned = calculator.compute(s, run(s, RUN_GPU_HOURS, RUN_GPU_HOURS * 2, 1234.5));
        assertThat(owned.runOwnedUsd()).isEqualTo(1234.5);
        assertThat(owned.reconciliation().get(1).usd()).isEqualTo(1234.5 - RUN_GPU_HOURS * 2);
    }

    /** Capex is linear in each pool's count: seeded random counts and prices, recomputed by hand. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void capexOfRandomPoolsMatchesByHand(long seed, @TempDir Path dir) throws Exception {
        Random random = new Random(seed);
        int nodesA = 1 + random.nextInt(5_000);
        int nodesB = 1 + random.nextInt(5_000);
        int priceA = 1_000 + random.nextInt(500_000);
        int gpuPriceB = 1_000 + random.nextInt(50_000);
        Path file = dir.resolve("fleet.yaml");
        Files.writeString(file, String.join("\n",
                "extends: " + Path.of("examples", "minimal.yaml").toAbsolutePath(),
                "fleet:",
                "  pools:",
                "    - {name: a, gpu: H800, gpus: " + nodesA * 8 + ", serverPrice: $" + priceA + "/node}",
                "    - {name: b, gpu: H20, gpus: " + nodesB * 8 + ", gpuPrice: $" + gpuPriceB + "/GPU, "
                        + "serverOverhead: 1.5, networkCostPerGpu: $100/GPU}",
                ""));
        Scenario s = load(file);
        FleetResult f = calculator.compute(s, run(s, 1000, Double.NaN, Double.NaN));
        double expected = (double) nodesA * priceA + nodesA * 8 * 4_390.0
                + (double) nodesB * (8 * gpuPriceB * 1.5) + nodesB * 8 * 100.0;
        assertThat(f.capexUsd()).isCloseTo(expected, org.assertj.core.data.Offset.offset(expected * 1e-12));
        assertThat(f.reconciliation()).isEmpty(); // no rental price: no headline to start from
    }

    @Test
    void negativePriceIsALocatedError() {
        assertThatThrownBy(() -> load(FLEET, "fleet.pools[1].serverPrice=-$5/node"))
                .isInstanceOf(ScenarioError.class)
                .satisfies(e -> assertThat(((ScenarioError) e).location().source()).contains("--set"));
    }

    @Test
    void poolWithZeroGpusIsALocatedError() {
        assertThatThrownBy(() -> load(FLEET, "fleet.pools[0].gpus=0"))
                .isInstanceOf(ScenarioError.class)
                .hasMessageContaining("gpus");
    }

    @Test
    void sharesAddingAboveOneAreALocatedError() {
        Scenario s = load(FLEET, "fleet.researchShare=0.7", "fleet.inferenceShare=0.5");
        assertThatThrownBy(() -> calculator.check(s)).isInstanceOf(ScenarioError.class)
                .hasMessageContaining("more than 1")
                .satisfies(e -> assertThat(((ScenarioError) e).location().source()).contains("inferenceShare"));
        Scenario withRun = load(FLEET, "fleet.runShare=0.5");
        assertThatThrownBy(() -> calculator.check(withRun)).isInstanceOf(ScenarioError.class)
                .satisfies(e -> assertThat(((ScenarioError) e).location().source()).contains("runShare"));
    }

    @Test
    void poolPricesAndSizesAreChecked() {
        Scenario twoPrices = load(FLEET, "fleet.pools[0].gpuPrice=$1/GPU");
        assertThatThrownBy(() -> calculator.check(twoPrices)).isInstanceOf(ScenarioError.class)
                .hasMessageContaining("exactly one price");
        Scenario partial = load(FLEET, "fleet.pools[0].gpus=10001");
        assertThatThrownBy(() -> calculator.check(partial)).isInstanceOf(ScenarioError.class)
                .hasMessageContaining("whole number");
        Scenario unknown = load(FLEET, "fleet.pools[0].gpu=H900");
        assertThatThrownBy(() -> calculator.check(unknown)).isInstanceOf(ScenarioError.class)
                .hasMessageContaining("unknown GPU preset");
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add("fleet.pools[" + i + "].enabled=false");
        }
        Scenario none = load(FLEET, all.toArray(String[]::new));
        assertThatThrownBy(() -> fleet(none)).isInstanceOf(ScenarioError.class).hasMessageContaining("disabled");
    }
}
