package org.clustersim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.scenario.run.RunResult;
import org.clustersim.step.StepActivity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** The parts of result.json the report draws: each adds up to the figure it explains. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultJsonTest {

    RunReport report;
    JsonNode json;

    @BeforeAll
    void run() {
        report = Fixtures.run(Fixtures.EXAMPLES.resolve("deepseek-v3-2048xH800.yaml"), "cluster.network.routing=ecmp");
        json = Fixtures.resultJson(report);
    }

    @Test
    void keepsTheContractFields() {
        assertThat(json.path("run").path("gpuHours").asDouble()).isEqualTo(report.result().gpuHours());
        assertThat(json.path("step").path("timeSeconds").asDouble())
                .isEqualTo(report.result().steps().get(0).step().timeSeconds());
        assertThat(json.path("cost").path("rentalUsd").asDouble()).isEqualTo(report.result().rentalUsd());
    }

    @Test
    void costPartsAddUpToTheirTotals() {
        RunResult r = report.result();
        double rental = 0;
        for (JsonNode p : json.path("cost").path("rental").path("parts")) {
            rental += p.path("usd").asDouble();
        }
        assertThat(rental).isCloseTo(r.rentalUsd(), within(1e-6 * r.rentalUsd()));
        double owned = 0;
        for (JsonNode p : json.path("cost").path("ownership").path("parts")) {
            owned += p.path("usd").asDouble();
        }
        assertThat(owned).isCloseTo(r.ownershipUsd(), within(1e-6 * r.ownershipUsd()));
        // the share of a year is the run's wall clock over a year (it uses the whole cluster)
        assertThat(json.path("cost").path("ownership").path("shareOfYear").asDouble())
                .isCloseTo(r.timeSeconds() / (8760 * 3600.0), within(1e-12));
        // the rental price per GPU-hour is the scenario's $2
        assertThat(json.path("cost").path("rental").path("usdPerGpuHour").asDouble()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void memoryPartsAddUpToEachRanksTotal() {
        for (JsonNode rank : json.path("memory").path("pipelineRanks")) {
            double sum = 0;
            for (String part : List.of("weightBytes", "gradientBytes", "optimizerBytes", "activationBytes",
                    "temporaryBytes", "reservedBytes")) {
                sum += rank.path(part).asDouble();
            }
            assertThat(sum).isCloseTo(rank.path("totalBytes").asDouble(), within(1.0));
        }
    }

    @Test
    void timelineRanksEndWhenTheStepSaysTheyEndAndTheCriticalOneEndsTheStep() {
        JsonNode step = json.path("step");
        JsonNode ranks = step.path("timeline").path("pipelineRanks");
        assertThat(ranks).hasSize(16); // DeepSeek's PP16: all stages are kept
        long latest = 0;
        for (JsonNode rank : ranks) {
            int p = rank.path("pipelineRank").asInt();
            long end = rank.path("endNs").asLong();
            assertThat(end / 1e9).isCloseTo(step.path("rankEndSeconds").get(p).asDouble(), within(1e-9));
            latest = Math.max(latest, end);
            assertThat(rank.path("firstGlobalRank").asLong()).isEqualTo(p * 128L); // 128 GPUs per stage
            // compute spans never overlap on the compute stream and stay inside the rank's step
            JsonNode c = rank.path("compute");
            long last = 0;
            for (int i = 0; i < c.path("kind").size(); i++) {
                long s = c.path("startNs").get(i).asLong();
                long e = c.path("endNs").get(i).asLong();
                assertThat(s).isGreaterThanOrEqualTo(last);
                assertThat(e).isGreaterThanOrEqualTo(s).isLessThanOrEqualTo(end);
                last = e;
            }
        }
        assertThat(latest / 1e9).isCloseTo(step.path("timeSeconds").asDouble(), within(1e-9));
    }

    @Test
    void computeSpansOfTheCriticalRankAddUpToTheComputeTheBreakdownCounts() {
        // the breakdown's compute parts are the critical rank's compute (DualPipe's overlapped pairs count their
        // compute on the SMs left to it, so compare with the SM-sharing stretch removed: busy minus exposed comm)
        StepActivity.RankActivity critical = report.result().steps().get(0).step().activity().ranks()
                .get(report.result().steps().get(0).step().criticalPipelineRank());
        double spans = critical.compute().stream().filter(s -> s.kind() != StepActivity.ComputeKind.OPTIMIZER)
                .mapToDouble(s -> (s.endNs() - s.startNs()) / 1e9).sum();
        double compute = 0;
        double exposed = 0;
        for (var e : json.path("step").path("breakdownSeconds").properties()) {
            if (e.getKey().startsWith("compute.")) {
                compute += e.getValue().asDouble();
            } else if (e.getKey().startsWith("exposedComm.") && !e.getKey().equals("exposedComm.dataParallel")) {
                exposed += e.getValue().asDouble();
            }
        }
        // spans hold compute x (SMs / (SMs - commSms)) in the overlapped pairs, so they lie between the two
        assertThat(spans).isGreaterThanOrEqualTo(compute * 0.999).isLessThanOrEqualTo(compute + exposed + 1e-6);
    }

    @Test
    void linkUtilisationConservesTheRecordedBytes() {
        JsonNode links = json.path("step").path("linkUtilisation");
        JsonNode ranks = json.path("step").path("timeline").path("pipelineRanks");
        double bin = links.path("binSeconds").asDouble();
        String[] byTier = {"nvlinkBytes", "networkBytes"};
        for (int t = 0; t < 2; t++) {
            JsonNode tier = links.path("tiers").get(t);
            double capacity = tier.path("capacityBytesPerSecondPerGpu").asDouble();
            double integral = 0;
            for (JsonNode u : tier.path("utilisation")) {
                integral += u.asDouble() * bin * capacity;
            }
            double recorded = 0;
            for (JsonNode rank : ranks) {
                for (JsonNode b : rank.path("communication").path(byTier[t])) {
                    recorded += b.asDouble();
                }
            }
            recorded /= ranks.size();
            assertThat(recorded).isGreaterThan(0);
            assertThat(tier.path("bytesPerGpu").asDouble()).isCloseTo(recorded, within(1e-9 * recorded));
            assertThat(integral).isCloseTo(recorded, within(1e-9 * recorded));
        }
        assertThat(links.path("tiers").get(0).path("capacityBytesPerSecondPerGpu").asDouble())
                .isEqualTo(160e9); // H800: 200 GB/s NVLink at 0.8
        assertThat(links.path("tiers").get(1).path("capacityBytesPerSecondPerGpu").asDouble())
                .isEqualTo(40e9); // one 400G NIC per GPU at 0.8
    }

    @Test
    void moeExchangesDominateTheNetworkAndCarryTheExpectedBytes() {
        // dispatch of one micro-batch's 4,096 tokens: FP8 with scales (7168 x (1 + 4/128) bytes) to the expected
        // remote nodes of node-limited routing; its network bytes over its duration are the GPU's NIC share
        JsonNode rank = json.path("step").path("timeline").path("pipelineRanks").get(3);
        JsonNode c = rank.path("communication");
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < c.path("kind").size(); i++) {
            if (c.path("kind").get(i).asString().equals("expertDispatch")) {
                double seconds = (c.path("endNs").get(i).asLong() - c.path("startNs").get(i).asLong()) / 1e9;
                rates.add(c.path("networkBytes").get(i).asDouble() / seconds);
            }
        }
        assertThat(rates).isNotEmpty();
        // bandwidth bound (network) plus a 2.8 us latency per exchange: within 2% of 40 GB/s
        assertThat(rates).allSatisfy(r -> assertThat(r).isBetween(0.98 * 40e9, 40e9));
    }

    @Test
    void resolvedScenarioEchoesEveryValueWithWhereItCameFrom() {
        JsonNode resolved = json.path("scenario").path("resolved");
        JsonNode nodes = find(resolved, "cluster.nodes");
        assertThat(nodes.path("value").asString()).isEqualTo("256");
        assertThat(nodes.path("from").asString()).matches(".*deepseek-v3-2048xH800\\.yaml:\\d+:\\d+");
        assertThat(find(resolved, "training.phases[0].tokens").path("value").asString()).isEqualTo("14.8T");
        assertThat(find(resolved, "costs.gpuHourPrice").path("value").asString()).isEqualTo("$2/GPU-h");
        assertThat(find(resolved, "cluster.network.routing").path("from").asString()).startsWith("--set");
    }

    private static JsonNode find(JsonNode resolved, String path) {
        for (JsonNode e : resolved) {
            if (e.path("path").asString().equals(path)) {
                return e;
            }
        }
        throw new AssertionError("no " + path + " in " + resolved);
    }

    @Test
    void calibrationScenariosCarryPublishedAndSimulatedValues() {
        RunReport megatron = Fixtures.run(Fixtures.VALIDATION.resolve("megatron-sc21-1.7b.yaml"));
        JsonNode cal = Fixtures.resultJson(megatron).path("calibration");
        JsonNode row = cal.path("comparisons").get(0);
        assertThat(row.path("metric").asString()).isEqualTo("tflopsPerGpu");
        assertThat(row.path("published").asDouble()).isEqualTo(137.0); // SC'21 Table 1, 1.7B row
        double simulated = row.path("simulated").asDouble();
        assertThat(row.path("errorPercent").asDouble()).isCloseTo(100 * (simulated - 137) / 137, within(1e-9));
        assertThat(cal.path("source").asString()).contains("SC'21");

        JsonNode deepseek = Fixtures.resultJson(Fixtures.run(Fixtures.VALIDATION.resolve(
                "deepseek-v3-2048xH800.yaml"))).path("calibration").path("comparisons");
        JsonNode step = deepseek.get(0);
        assertThat(step.path("metric").asString()).isEqualTo("stepSeconds");
        assertThat(step.path("published").asDouble()).isEqualTo(19.926);
        List<String> metrics = new ArrayList<>();
        deepseek.forEach(n -> metrics.add(n.path("metric").asString()));
        assertThat(metrics).contains("tflopsPerGpu", "phasesSeconds.forward", "phasesSeconds.bubble");
        // the shipped example has no calibration section
        assertThat(json.has("calibration")).isFalse();
    }
}
