package org.clustersim.scenario.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.clustersim.pipeline.OpKind;
import org.clustersim.pipeline.PipelineTimeline;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.step.CommKind;
import org.clustersim.step.StepActivity;
import org.clustersim.step.StepOptions;
import org.clustersim.step.StepResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The activity a step records for reports is laid out from the very numbers the simulation used: it changes nothing,
 * it fills every op exactly, and its gradient sync is the breakdown's.
 */
class StepActivityTest {

    static ScenarioLoader loader;
    static Path mixtral;

    @BeforeAll
    static void load() throws URISyntaxException {
        loader = new ScenarioLoader();
        mixtral = Path.of(StepActivityTest.class.getResource("/step/mixtral-256xH100.yaml").toURI());
    }

    /** Plans over the schedules and the communication kinds: pipeline, expert, tensor, context, ZeRO 0/1/3. */
    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "parallelism.schedule=gpipe|training.phases[0].globalBatch=512",
        "parallelism.schedule=zero-bubble",
        "parallelism.schedule=dualpipe|parallelism.commSms=16",
        "parallelism.schedule=interleaved-1f1b|parallelism.virtualStages=2",
        "parallelism.tensor=2|parallelism.data=32|parallelism.zero=0",
        "parallelism.context=2|parallelism.data=32",
        "parallelism.zero=3",
    })
    void activityRepeatsTheSimulationsNumbers(String overrides) {
        List<String> sets = overrides.isEmpty() ? List.of() : Arrays.asList(overrides.split("\\|"));
        Scenario s = loader.load(mixtral, sets);
        StepRunner runner = new StepRunner(loader.catalog(), EfficiencyCatalog.calibrated());
        StepResult plain = runner.run(s, StepOptions.BALANCED).phases().get(0).step();
        StepResult step = runner.run(s, StepOptions.BALANCED.withActivity(true)).phases().get(0).step();

        // recording changes nothing; without it the activity is empty
        assertThat(step.timeSeconds()).isEqualTo(plain.timeSeconds());
        assertThat(step.breakdownSeconds()).isEqualTo(plain.breakdownSeconds());
        assertThat(plain.activity().ranks()).isEmpty();
        assertThat(step.activity().ranks()).hasSize(step.timeline().ranks().size());

        Map<CommKind, Integer> kinds = new HashMap<>();
        for (StepActivity.RankActivity rank : step.activity().ranks()) {
            int r = rank.pipelineRank();
            assertThat(rank.endNs() / 1e9).isCloseTo(step.rankEndSeconds().get(r),
                    org.assertj.core.data.Offset.offset(1e-9));
            List<PipelineTimeline.Slot> slots = step.timeline().ranks().get(r);
            // compute spans follow each other and each lies inside an op (or, the optimizer, after the last)
            long last = 0;
            for (StepActivity.ComputeSpan span : rank.compute()) {
                assertThat(span.startNs()).isGreaterThanOrEqualTo(last);
                last = span.endNs();
                if (span.kind() != StepActivity.ComputeKind.OPTIMIZER) {
                    assertThat(slots.stream().anyMatch(slot -> span.startNs() >= slot.startNs()
                            && span.endNs() <= slot.endNs())).as(span.toString()).isTrue();
                }
            }
            for (PipelineTimeline.Slot slot : slots) {
                long computeNs = 0;
                long afterNs = 0; // communication that runs on the op's time, not beside it or after it
                for (StepActivity.ComputeSpan span : rank.compute()) {
                    if (span.startNs() >= slot.startNs() && span.endNs() <= slot.endNs()) {
                        computeNs += span.endNs() - span.startNs();
                    }
                }
                for (StepActivity.CommSpan span : rank.communication()) {
                    boolean inside = span.startNs() >= slot.startNs() && span.endNs() <= slot.endNs();
                    boolean send = span.kind() == CommKind.PIPELINE_ACTIVATIONS
                            || span.kind() == CommKind.PIPELINE_GRADIENTS;
                    boolean beside = span.kind() == CommKind.ZERO_GATHER || span.kind() == CommKind.ZERO_SCATTER;
                    if (inside && !send && !beside) {
                        afterNs += span.endNs() - span.startNs();
                    }
                }
                if (slot.op().kind() == OpKind.FB) {
                    // overlapped: the op lasts as long as the longer of its compute and its communication
                    assertThat(slot.durationNs()).isBetween(Math.max(computeNs, afterNs) - 4,
                            Math.max(computeNs, afterNs) + 4);
                } else {
                    // serial: compute, then the communication it waits for, filling the op to the nanosecond
                    // (each part is rounded to whole ns on its own)
                    assertThat(computeNs + afterNs).as(slot.toString()).isBetween(slot.durationNs() - 8,
                            slot.durationNs());
                }
            }
            for (StepActivity.CommSpan span : rank.communication()) {
                kinds.merge(span.kind(), 1, Integer::sum);
                assertThat(span.endNs()).isGreaterThan(span.startNs()).isLessThanOrEqualTo(rank.endNs());
            }
        }
        // the critical rank's gradient sync is the breakdown's
        StepActivity.RankActivity critical = step.activity().ranks().get(step.criticalPipelineRank());
        double sync = critical.communication().stream().filter(c -> c.kind().stream().equals("data-parallel"))
                .mapToDouble(c -> (c.endNs() - c.startNs()) / 1e9).sum();
        assertThat(sync).isCloseTo(step.breakdownSeconds().get("exposedComm.dataParallel"),
                org.assertj.core.data.Offset.offset(1e-8));
        assertThat(kinds).containsKeys(CommKind.EXPERT_DISPATCH, CommKind.EXPERT_COMBINE, CommKind.EXPERT_BACKWARD,
                CommKind.PIPELINE_ACTIVATIONS, CommKind.PIPELINE_GRADIENTS);
        if (overrides.contains("tensor=2")) {
            assertThat(kinds).containsKeys(CommKind.TENSOR_ALL_REDUCE, CommKind.DATA_ALL_REDUCE);
        }
        if (overrides.contains("context=2")) {
            assertThat(kinds).containsKey(CommKind.CONTEXT_EXCHANGE);
        }
        if (overrides.contains("zero=3")) {
            assertThat(kinds).containsKeys(CommKind.ZERO_GATHER, CommKind.ZERO_SCATTER);
        }
        List<String> names = new ArrayList<>();
        kinds.forEach((k, v) -> names.add(k.key() + "=" + v));
        System.out.printf("%s: %.4f s, %s%n", overrides.isEmpty() ? "1f1b" : overrides, step.timeSeconds(), names);
    }

    /**
     * The bytes reports put on each tier never ask for more than the tier's bandwidth over the time the timing model
     * gives the same operation, and the bottleneck tier runs close to it: the two accountings agree.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "parallelism.tensor=2|parallelism.data=32|parallelism.zero=0",
        "parallelism.context=2|parallelism.data=32", "cluster.gpusPerNode=4|cluster.nodes=64"})
    void tierBytesFitTheTimeTheTimingModelGives(String overrides) {
        List<String> sets = overrides.isEmpty() ? List.of() : Arrays.asList(overrides.split("\\|"));
        Scenario s = loader.load(mixtral, sets);
        var workload = new org.clustersim.scenario.workload.WorkloadCheck(loader.catalog()).resolve(s, false);
        var plan = workload.plans().get(0).plan();
        var comm = (org.clustersim.step.AnalyticalStepCommunication) StepCommunications.analytical(s.cluster(),
                workload.model(), plan);
        double nvlink = s.cluster().gpu().nvlinkAchievableBytesPerSecond();
        double network = s.cluster().node().nicAchievableBytesPerSecond() * s.cluster().node().nicsPerNode()
                / s.cluster().gpusPerNode();
        double bytes = 256e6;
        Map<CommKind, Double> seconds = new HashMap<>();
        seconds.put(CommKind.TENSOR_ALL_REDUCE, comm.tensorParallelSeconds(bytes));
        seconds.put(CommKind.CONTEXT_EXCHANGE, comm.contextParallelSeconds(bytes));
        seconds.put(CommKind.DATA_REDUCE_SCATTER, comm.dataParallelReduceScatterSeconds(bytes));
        seconds.put(CommKind.DATA_ALL_GATHER, comm.dataParallelAllGatherSeconds(bytes));
        seconds.put(CommKind.DATA_ALL_REDUCE, comm.dataParallelAllReduceSeconds(bytes));
        seconds.put(CommKind.EXPERT_DATA_ALL_REDUCE, comm.expertDataParallelAllReduceSeconds(bytes));
        seconds.put(CommKind.PIPELINE_ACTIVATIONS, comm.pipelineTransferSeconds(bytes));
        int checked = 0;
        for (var e : seconds.entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            var tiers = comm.tierBytes(e.getKey(), bytes);
            double nvlinkUse = tiers.nvlinkBytes() / e.getValue() / nvlink;
            double networkUse = tiers.networkBytes() / e.getValue() / network;
            assertThat(nvlinkUse).as(e.getKey() + " NVLink").isLessThanOrEqualTo(1.0 + 1e-9);
            assertThat(networkUse).as(e.getKey() + " network").isLessThanOrEqualTo(1.0 + 1e-9);
            // NCCL's protocols and algorithms reach 60-100% of the bound at this size
            assertThat(Math.max(nvlinkUse, networkUse)).as(e.getKey() + " bottleneck").isGreaterThan(0.3);
            checked++;
        }
        long tokens = 4096;
        for (CommKind kind : List.of(CommKind.EXPERT_DISPATCH, CommKind.EXPERT_COMBINE, CommKind.EXPERT_BACKWARD)) {
            double t = switch (kind) {
                case EXPERT_DISPATCH -> comm.expertDispatchSeconds(tokens, 1.0);
                case EXPERT_COMBINE -> comm.expertCombineSeconds(tokens, 1.0);
                default -> comm.expertBackwardSeconds(tokens, 1.0);
            };
            var tiers = comm.moeTierBytes(kind, tokens, 1.0);
            double use = Math.max(tiers.nvlinkBytes() / nvlink, tiers.networkBytes() / network) / t;
            // the exchange is the slower tier's bytes over its bandwidth, plus one latency (per direction)
            assertThat(use).as(kind.toString()).isBetween(0.9, 1.0 + 1e-9);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
    }
}
