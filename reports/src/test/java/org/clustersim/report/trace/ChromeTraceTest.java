package org.clustersim.report.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.clustersim.error.UserError;
import org.clustersim.report.Fixtures;
import org.clustersim.report.RunReport;
import org.clustersim.scenario.step.StepRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChromeTraceTest {

    RunReport report;
    StepRunner.PhaseStep step;
    JsonNode trace;

    @BeforeAll
    void run() {
        report = Fixtures.run(Fixtures.EXAMPLES.resolve("deepseek-v3-2048xH800.yaml"));
        step = report.result().steps().get(0);
        trace = parse(ChromeTrace.defaultRanks(step));
    }

    JsonNode parse(List<Integer> ranks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ChromeTrace().write(out, report.result().scenarioName(), step, report.result().cluster(), ranks);
        return JsonMapper.builder().build().readTree(out.toByteArray());
    }

    @Test
    void defaultIsOneRankPerPipelineStageEachNamed() {
        Set<Integer> pids = new HashSet<>();
        Map<Integer, String> names = new HashMap<>();
        for (JsonNode e : trace.path("traceEvents")) {
            pids.add(e.path("pid").asInt());
            if (e.path("ph").asString().equals("M") && e.path("name").asString().equals("process_name")) {
                names.put(e.path("pid").asInt(), e.path("args").path("name").asString());
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int p = 0; p < 16; p++) {
            expected.add(p * 128); // DeepSeek: 128 GPUs per pipeline stage
        }
        assertThat(pids).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(names).containsOnlyKeys(expected);
        // the stage the step names critical, and only that one, is labelled so
        int critical = step.step().criticalPipelineRank();
        for (int p = 0; p < 16; p++) {
            assertThat(names.get(p * 128)).isEqualTo("rank " + p * 128 + " (pipeline stage " + p
                    + (p == critical ? ", critical)" : ")"));
        }
    }

    @Test
    void everyTrackIsNamedAndItsSlicesNest() {
        Map<String, String> threadNames = new HashMap<>();
        Map<String, List<long[]>> tracks = new HashMap<>();
        for (JsonNode e : trace.path("traceEvents")) {
            String key = e.path("pid").asInt() + "/" + e.path("tid").asInt();
            switch (e.path("ph").asString()) {
                case "M" -> {
                    if (e.path("name").asString().equals("thread_name")) {
                        threadNames.put(key, e.path("args").path("name").asString());
                    }
                }
                case "X" -> tracks.computeIfAbsent(key, k -> new ArrayList<>()).add(
                        new long[] {nanos(e.path("ts")), nanos(e.path("dur"))});
                case "C" -> {
                }
                default -> throw new AssertionError("unexpected phase " + e);
            }
        }
        assertThat(threadNames.keySet()).containsAll(tracks.keySet());
        assertThat(threadNames.values()).contains("compute", "expert-parallel", "pipeline-activations",
                "pipeline-gradients", "data-parallel");
        for (var track : tracks.entrySet()) {
            List<long[]> slices = track.getValue();
            slices.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
            ArrayList<Long> open = new ArrayList<>(); // ends of the enclosing slices
            for (long[] s : slices) {
                long end = s[0] + s[1];
                while (!open.isEmpty() && open.get(open.size() - 1) <= s[0]) {
                    open.remove(open.size() - 1);
                }
                if (!open.isEmpty()) {
                    assertThat(end).as("slice on " + threadNames.get(track.getKey()) + " at " + s[0]
                            + " must end inside its parent").isLessThanOrEqualTo(open.get(open.size() - 1));
                }
                open.add(end);
            }
        }
        // the compute track holds step > op > compute: nesting is really used
        long depth3 = tracks.get("128/" + ChromeTrace.COMPUTE_TID).size();
        assertThat(depth3).isGreaterThan(step.step().timeline().ranks().get(1).size());
    }

    @Test
    void timestampsAreMicrosecondsAndTheCriticalRanksSpanIsTheStep() {
        double stepSeconds = step.step().timeSeconds();
        int critical = step.step().criticalPipelineRank() * 128;
        long first = Long.MAX_VALUE;
        long last = 0;
        double stepSlice = -1;
        for (JsonNode e : trace.path("traceEvents")) {
            if (e.path("pid").asInt() != critical || !e.has("ts")) {
                continue;
            }
            long ts = nanos(e.path("ts"));
            long end = ts + (e.has("dur") ? nanos(e.path("dur")) : 0);
            first = Math.min(first, ts);
            last = Math.max(last, end);
            if (e.path("name").asString().equals("step")) {
                stepSlice = e.path("dur").asDouble();
            }
        }
        assertThat(first).isZero();
        // µs: 19.93 s is about 1.99e7 µs; nanoseconds would be 1.99e10 and seconds 19.9
        assertThat(stepSlice).isCloseTo(stepSeconds * 1e6, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(last / 1e9).isCloseTo(stepSeconds, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void countersGiveEachRanksLinkUtilisationByTier() {
        int counters = 0;
        double peakNetwork = 0;
        for (JsonNode e : trace.path("traceEvents")) {
            if (e.path("ph").asString().equals("C")) {
                counters++;
                assertThat(e.path("name").asString()).isEqualTo("link utilisation");
                double nvlink = e.path("args").path("NVLink").asDouble();
                double network = e.path("args").path("network (NIC)").asDouble();
                assertThat(nvlink).isGreaterThanOrEqualTo(0);
                assertThat(network).isGreaterThanOrEqualTo(0);
                peakNetwork = Math.max(peakNetwork, network);
            }
        }
        assertThat(counters).isGreaterThan(100);
        // a dispatch alone runs the GPU's NIC share at its bandwidth (less its 2.8 us latency)
        assertThat(peakNetwork).isGreaterThan(0.98);
    }

    @Test
    void chosenRanksShowTheirStagesTimeline() {
        JsonNode chosen = parse(TraceRanks.parse("0-2,130", 2048));
        Map<Integer, Integer> slices = new HashMap<>();
        for (JsonNode e : chosen.path("traceEvents")) {
            if (e.path("ph").asString().equals("X")) {
                slices.merge(e.path("pid").asInt(), 1, Integer::sum);
            }
        }
        assertThat(slices.keySet()).containsExactlyInAnyOrder(0, 1, 2, 130);
        assertThat(slices.get(1)).isEqualTo(slices.get(0)); // one stage: the same timeline
        assertThat(slices.get(130)).isNotEqualTo(slices.get(0)); // rank 130 is in stage 1
    }

    @Test
    void theTraceGoesOutAsAStreamNotAsOneBuffer() {
        // 256 ranks: tens of megabytes, handed to the stream in small pieces as they are produced
        long[] stats = new long[2]; // total bytes, largest single write
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                stats[0]++;
                stats[1] = Math.max(stats[1], 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                stats[0] += len;
                stats[1] = Math.max(stats[1], len);
            }
        };
        new ChromeTrace().write(counting, "x", step, report.result().cluster(), TraceRanks.parse("0-255", 2048));
        assertThat(stats[0]).isGreaterThan(50_000_000L);
        assertThat(stats[1]).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void rankRangesAreCheckedWithAHint() {
        assertThat(TraceRanks.parse("0-3, 8,2", 16)).containsExactly(0, 1, 2, 3, 8);
        for (String bad : new String[] {"7-3", "x", "0-", "-1", "", "0-16"}) {
            assertThatThrownBy(() -> TraceRanks.parse(bad, 16)).as(bad).isInstanceOf(UserError.class)
                    .satisfies(e -> assertThat(((UserError) e).hint()).isNotEmpty());
        }
        assertThatThrownBy(() -> TraceRanks.parse("0-16", 16)).hasMessageContaining("has 16 GPUs");
    }

    @Test
    void microsecondsKeepEveryNanosecond() {
        assertThat(ChromeTrace.micros(0)).isEqualTo("0.000");
        assertThat(ChromeTrace.micros(7)).isEqualTo("0.007");
        assertThat(ChromeTrace.micros(1_234_567)).isEqualTo("1234.567");
        assertThat(ChromeTrace.micros(19_925_484_977L)).isEqualTo("19925484.977");
    }

    /** A µs timestamp as integer ns (the file writes exactly three decimals). */
    static long nanos(JsonNode micros) {
        return Math.round(micros.asDouble() * 1000);
    }
}
