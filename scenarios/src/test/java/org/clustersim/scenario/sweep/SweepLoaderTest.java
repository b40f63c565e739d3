package org.clustersim.scenario.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.clustersim.error.UserError;
import org.clustersim.scenario.ScenarioError;
import org.clustersim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepLoaderTest {

    static final ScenarioLoader LOADER = new ScenarioLoader();

    @TempDir
    Path dir;

    Sweep cli(String... axes) {
        Path base = SweepFixtures.write(dir, "base.yaml", SweepFixtures.SMALL_DENSE);
        return new SweepLoader(LOADER).load(base, new SweepLoader.Request(List.of(axes), List.of(), null, List.of()));
    }

    Sweep file(String text) {
        SweepFixtures.write(dir, "base.yaml", SweepFixtures.SMALL_DENSE);
        return new SweepLoader(LOADER).load(SweepFixtures.write(dir, "sweep.yaml", text), SweepLoader.Request.none());
    }

    @Test
    void gridPointsRunInNestedLoopOrderLastAxisFastest() {
        Sweep sweep = cli("cluster.nodes=2,4", "parallelism.tensor=1,2,4");
        assertThat(sweep.pointCount()).isEqualTo(6);
        assertThat(sweep.point(0).overrides()).containsExactly(Map.entry("cluster.nodes", "2"),
                Map.entry("parallelism.tensor", "1"));
        assertThat(sweep.point(1).overrides()).containsEntry("cluster.nodes", "2").containsEntry("parallelism.tensor",
                "2");
        assertThat(sweep.point(3).overrides()).containsEntry("cluster.nodes", "4").containsEntry("parallelism.tensor",
                "1");
        Set<Map<String, String>> distinct = new HashSet<>();
        for (SweepPoint p : sweep.points(Shard.ALL)) {
            distinct.add(p.overrides());
        }
        assertThat(distinct).hasSize(6);
        assertThat(sweep.point(5).arguments()).containsExactly("cluster.nodes=4", "parallelism.tensor=4");
    }

    @Test
    void zippedAxesMoveTogetherAndFormOneDimensionOfTheGrid() {
        Sweep sweep = file("""
                base: base.yaml
                axes:
                  - path: cluster.gpu
                    values: [H800, H100, H20]
                  - path: costs.gpuHourPrice
                    range: {from: $1/GPU-h, to: $2/GPU-h, step: 0.5}
                  - path: costs.serverPrice
                    values: [$358000/node, $270000/node, $166667/node]
                zip:
                  - [cluster.gpu, costs.serverPrice]
                """);
        assertThat(sweep.pointCount()).isEqualTo(9);
        assertThat(sweep.shape()).isEqualTo("3 x 3 (zipped: cluster.gpu with costs.serverPrice)");
        for (SweepPoint p : sweep.points(Shard.ALL)) {
            String gpu = p.overrides().get("cluster.gpu");
            String price = p.overrides().get("costs.serverPrice");
            assertThat(List.of("H800", "H100", "H20").indexOf(gpu))
                    .isEqualTo(List.of("$358000/node", "$270000/node", "$166667/node").indexOf(price));
        }
        assertThat(sweep.point(1).overrides()).containsEntry("cluster.gpu", "H800")
                .containsEntry("costs.gpuHourPrice", "$1.5/GPU-h");
        assertThat(sweep.name()).isEqualTo("small-dense-sweep");
    }

    @Test
    void combineZipPairsAllAxes() {
        Path base = SweepFixtures.write(dir, "base.yaml", SweepFixtures.SMALL_DENSE);
        Sweep sweep = new SweepLoader(LOADER).load(base, new SweepLoader.Request(
                List.of("cluster.nodes=2,4", "costs.gpuHourPrice=$1/GPU-h,$2/GPU-h"), List.of(),
                SweepSpec.Combine.ZIP, List.of()));
        assertThat(sweep.pointCount()).isEqualTo(2);
        assertThat(sweep.point(1).overrides()).containsEntry("cluster.nodes", "4")
                .containsEntry("costs.gpuHourPrice", "$2/GPU-h");
    }

    @Test
    void sweepFilesAreStrictWithLocatedErrorsAndSuggestions() {
        assertThatThrownBy(() -> file("""
                base: base.yaml
                axis:
                  - path: cluster.nodes
                    values: [2]
                """)).isInstanceOf(ScenarioError.class)
                .satisfies(e -> assertThat(((ScenarioError) e).userMessage())
                        .contains("sweep.yaml:2:1", "unknown key 'axis'", "did you mean 'axes'"));
        assertThatThrownBy(() -> file("""
                base: base.yaml
                axes:
                  - path: cluster.nodes
                    valeus: [2]
                """)).isInstanceOf(ScenarioError.class)
                .satisfies(e -> assertThat(((ScenarioError) e).userMessage())
                        .contains("sweep.yaml:4:5", "did you mean 'values'"));
        assertThatThrownBy(() -> file("""
                base: nowhere.yaml
                axes:
                  - path: cluster.nodes
                    values: [2]
                """)).isInstanceOf(ScenarioError.class)
                .satisfies(e -> assertThat(((ScenarioError) e).userMessage())
                        .contains("sweep.yaml:1:7", "base scenario not found"));
        assertThatThrownBy(() -> file("""
                base: base.yaml
                axes:
                  - path: cluster.nodes
                    values: [2]
                    range: {from: 1, to: 2}
                """)).hasMessageContaining("more than one of values, range and preset");
    }

    @Test
    void zipGroupsMustNameAxesOfEqualLength() {
        assertThatThrownBy(() -> file("""
                base: base.yaml
                axes:
                  - {path: cluster.gpu, values: [H800, H100]}
                  - {path: costs.serverPrice, values: [$1/node]}
                zip:
                  - [cluster.gpu, costs.serverPrice]
                """)).isInstanceOf(ScenarioError.class)
                .satisfies(e -> assertThat(((ScenarioError) e).userMessage())
                        .contains("sweep.yaml:6:5", "different numbers of values", "cluster.gpu: 2, costs.serverPrice: 1"));
        assertThatThrownBy(() -> file("""
                base: base.yaml
                axes:
                  - {path: cluster.gpu, values: [H800, H100]}
                  - {path: costs.serverPrice, values: [$1/node, $2/node]}
                zip:
                  - [cluster.gpu, costs.serverprice]
                """)).hasMessageContaining("not an axis")
                .satisfies(e -> assertThat(((UserError) e).hint()).contains("did you mean 'costs.serverPrice'"));
    }

    @Test
    void anAxisValueEveryPointWouldFailOnIsFatalAndLocatedLikeRunSet() {
        // a price without its unit: the same located error 'run --set costs.gpuHourPrice=2' gives
        assertThatThrownBy(() -> cli("costs.gpuHourPrice=$1/GPU-h,2")).isInstanceOf(ScenarioError.class)
                .satisfies(e -> {
                    ScenarioError s = (ScenarioError) e;
                    assertThat(s.location().source()).isEqualTo("--set costs.gpuHourPrice=2");
                    assertThat(s.hint()).contains("value '2' of axis 'costs.gpuHourPrice'");
                });
        assertThatThrownBy(() -> cli("cluster.nodez=2,4")).isInstanceOf(ScenarioError.class)
                .hasMessageContaining("unknown key 'nodez'");
        assertThatThrownBy(() -> cli("cluster.gpu=H800,H900")).isInstanceOf(ScenarioError.class)
                .hasMessageContaining("unknown GPU preset 'H900'");
        assertThatThrownBy(() -> cli("cluster.nodes=2", "cluster.nodes=4")).isInstanceOf(UserError.class)
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> cli()).isInstanceOf(UserError.class).hasMessageContaining("no axes");
        assertThatThrownBy(() -> cli("cluster.nodes=1..200", "parallelism.microBatch=1..100",
                "costs.gpuHourPrice=$1/GPU-h..$100/GPU-h")).isInstanceOf(UserError.class)
                .hasMessageContaining("more than 1000000 points");
    }

    @Test
    void aCombinationThatDoesNotDivideIsNotALoadError() {
        // tensor 3 is fine alone at load; it fails only when the plan is checked, as an invalid point
        Sweep sweep = cli("parallelism.tensor=1,3");
        assertThat(sweep.pointCount()).isEqualTo(2);
    }

    @Test
    void sweepIdFollowsContentNotLayout() {
        Sweep a = cli("cluster.nodes=2,4");
        Sweep again = cli("cluster.nodes=2,4");
        assertThat(again.id()).isEqualTo(a.id());
        assertThat(cli("cluster.nodes=2,8").id()).isNotEqualTo(a.id());
        // the same scenario with its keys in another order is the same sweep
        SweepFixtures.write(dir, "reordered.yaml", SweepFixtures.SMALL_DENSE.replace("""
                costs:
                  gpuHourPrice: $2/GPU-h
                  serverPrice: $270000/node
                """, "").replace("name: small-dense\n", """
                name: small-dense
                costs:
                  serverPrice: $270000/node
                  gpuHourPrice: $2/GPU-h
                """));
        Sweep reordered = new SweepLoader(LOADER).load(dir.resolve("reordered.yaml"),
                new SweepLoader.Request(List.of("cluster.nodes=2,4"), List.of(), null, List.of()));
        assertThat(reordered.id()).isEqualTo(a.id());
        // a changed base value makes another sweep
        Sweep fixed = new SweepLoader(LOADER).load(dir.resolve("base.yaml"), new SweepLoader.Request(
                List.of("cluster.nodes=2,4"), List.of(), null, List.of("costs.gpuHourPrice=$3/GPU-h")));
        assertThat(fixed.id()).isNotEqualTo(a.id());
    }

    @Test
    void theShippedSweepsLoad() throws Exception {
        try (var files = java.nio.file.Files.list(Path.of("examples", "sweeps"))) {
            List<Path> sweeps = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertThat(sweeps).isNotEmpty();
            for (Path p : sweeps) {
                assertThat(new SweepLoader(LOADER).load(p, SweepLoader.Request.none()).pointCount()).as(p.toString())
                        .isPositive();
            }
        }
        Sweep dsv3 = new SweepLoader(LOADER).load(Path.of("examples", "sweeps", "deepseek-v3-price-and-hardware.yaml"),
                SweepLoader.Request.none());
        assertThat(dsv3.pointCount()).isEqualTo(200);
        assertThat(dsv3.shape()).isEqualTo("4 x 10 x 5 (zipped: cluster.gpu with costs.serverPrice)");
    }
}
