package org.clustersim.report.trace;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.pipeline.OpKind;
import org.clustersim.pipeline.PipelineOp;
import org.clustersim.pipeline.PipelineTimeline;
import org.clustersim.scenario.step.StepRunner;
import org.clustersim.step.CommKind;
import org.clustersim.step.StepActivity;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code trace.json}: one simulated step in the Chrome trace-event format, for ui.perfetto.dev or chrome://tracing.
 * Timestamps are microseconds from the start of the step (written with nanosecond digits); pid is a global rank,
 * named by a {@code process_name} event; tid is a stream of that rank: the compute stream, then one track per
 * communication stream (a stream whose operations overlap, like pipeline sends shorter than the ops between them, gets
 * extra numbered tracks so every track's slices nest). On the compute stream a {@code step} slice holds the rank's
 * pipeline ops, each holding its compute; counter events give each rank's link utilisation by tier.
 *
 * <p>Events go straight to the output stream as they are produced: the trace is never built in memory, so tracing
 * thousands of ranks costs file size, not heap.
 */
public final class ChromeTrace {

    static final int COMPUTE_TID = 1;

    private final JsonMapper mapper = JsonMapper.builder().build();

    /** One representative rank per pipeline stage: the first GPU of each stage. */
    public static List<Integer> defaultRanks(StepRunner.PhaseStep step) {
        List<Integer> ranks = new ArrayList<>();
        for (int p = 0; p < step.plan().pipeline(); p++) {
            ranks.add((int) step.plan().firstRankOfStage(p));
        }
        return ranks;
    }

    /**
     * Writes the trace of {@code step} for {@code ranks} (global ranks). A rank shows its pipeline stage's simulated
     * timeline: ranks of one stage are alike in the simulation (one replica stands for all).
     */
    public void write(OutputStream out, String scenarioName, StepRunner.PhaseStep step, ClusterConfig cluster,
                      List<Integer> ranks) {
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("displayTimeUnit", "ms");
            g.writeName("otherData");
            g.writeStartObject();
            g.writeStringProperty("scenario", scenarioName);
            if (step != null) {
                g.writeStringProperty("phase", step.phase());
                g.writeStringProperty("plan", step.plan().describe());
                g.writeStringProperty("schedule", step.step().schedule());
                g.writeStringProperty("stepSeconds", Double.toString(step.step().timeSeconds()));
                g.writeStringProperty("criticalPipelineRank",
                        Integer.toString(step.step().criticalPipelineRank()));
            }
            g.writeStringProperty("note", step == null
                    ? "no step was simulated (compute-only scenario): nothing to trace"
                    : "one training step; each traced rank shows its pipeline stage's simulated timeline; "
                    + "communication inside an op is drawn after its compute (the model knows totals per kind)");
            g.writeEndObject();
            g.writeName("traceEvents");
            g.writeStartArray();
            if (step != null && !step.step().activity().ranks().isEmpty()) {
                double nvlink = cluster.gpu().nvlinkAchievableBytesPerSecond();
                double network = cluster.node().nicAchievableBytesPerSecond() * cluster.node().nicsPerNode()
                        / cluster.gpusPerNode();
                int perStage = step.plan().ranksPerStage();
                for (int rank : ranks) {
                    int stage = rank / perStage;
                    writeRank(g, rank, stage, step, nvlink, network);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private void writeRank(JsonGenerator g, int pid, int stage, StepRunner.PhaseStep step, double nvlinkCapacity,
                           double networkCapacity) {
        StepActivity.RankActivity activity = step.step().activity().ranks().get(stage);
        List<PipelineTimeline.Slot> slots = step.step().timeline().ranks().get(stage);
        boolean critical = stage == step.step().criticalPipelineRank();
        metadata(g, pid, 0, "process_name", "name", "rank " + pid + " (pipeline stage " + stage
                + (critical ? ", critical" : "") + ")");
        metadata(g, pid, 0, "process_sort_index", "sort_index", pid);
        metadata(g, pid, COMPUTE_TID, "thread_name", "name", "compute");
        metadata(g, pid, COMPUTE_TID, "thread_sort_index", "sort_index", COMPUTE_TID);

        // compute stream: the step, its ops, each op's compute; parents before children
        slice(g, pid, COMPUTE_TID, "step", "step", 0, activity.endNs(), Map.of("pipelineStage", stage));
        List<StepActivity.ComputeSpan> compute = activity.compute();
        int next = 0;
        for (PipelineTimeline.Slot slot : slots) {
            slice(g, pid, COMPUTE_TID, opName(slot.op()), "op", slot.startNs(), slot.endNs(), opArgs(slot.op()));
            while (next < compute.size() && compute.get(next).endNs() <= slot.endNs()) {
                StepActivity.ComputeSpan span = compute.get(next++);
                boolean sameAsOp = span.startNs() == slot.startNs() && span.endNs() == slot.endNs();
                if (span.startNs() >= slot.startNs() && !sameAsOp) {
                    slice(g, pid, COMPUTE_TID, span.kind().key(), "compute", span.startNs(), span.endNs(),
                            Map.of("microBatch", span.microBatch()));
                }
            }
        }
        for (; next < compute.size(); next++) { // the optimizer, after the last op and the gradient sync
            StepActivity.ComputeSpan span = compute.get(next);
            slice(g, pid, COMPUTE_TID, span.kind().key(), "compute", span.startNs(), span.endNs(), Map.of());
        }

        // communication streams, each split into as many tracks as it needs for its slices not to overlap
        Map<String, List<List<StepActivity.CommSpan>>> lanes = lanes(activity.communication());
        int tid = COMPUTE_TID + 1;
        for (var stream : lanes.entrySet()) {
            for (int lane = 0; lane < stream.getValue().size(); lane++, tid++) {
                String name = stream.getKey() + (lane == 0 ? "" : " (" + (lane + 1) + ")");
                metadata(g, pid, tid, "thread_name", "name", name);
                metadata(g, pid, tid, "thread_sort_index", "sort_index", tid);
                for (StepActivity.CommSpan span : stream.getValue().get(lane)) {
                    Map<String, Object> args = new LinkedHashMap<>();
                    args.put("nvlinkBytes", span.bytes().nvlinkBytes());
                    args.put("networkBytes", span.bytes().networkBytes());
                    slice(g, pid, tid, span.kind().label(), "communication", span.startNs(), span.endNs(), args);
                }
            }
        }
        counters(g, pid, activity.communication(), nvlinkCapacity, networkCapacity);
    }

    /** Spans of each stream in start order, dealt to the first track that is free (greedy interval colouring). */
    static Map<String, List<List<StepActivity.CommSpan>>> lanes(List<StepActivity.CommSpan> spans) {
        Map<String, List<List<StepActivity.CommSpan>>> out = new LinkedHashMap<>();
        for (CommKind kind : CommKind.values()) { // a fixed track order: streams in the order of the kinds
            out.putIfAbsent(kind.stream(), new ArrayList<>());
        }
        List<StepActivity.CommSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(StepActivity.CommSpan::startNs)
                .thenComparing(Comparator.comparingLong(StepActivity.CommSpan::endNs).reversed()));
        for (StepActivity.CommSpan span : sorted) {
            List<List<StepActivity.CommSpan>> tracks = out.get(span.kind().stream());
            List<StepActivity.CommSpan> free = null;
            for (List<StepActivity.CommSpan> track : tracks) {
                if (track.get(track.size() - 1).endNs() <= span.startNs()) {
                    free = track;
                    break;
                }
            }
            if (free == null) {
                free = new ArrayList<>();
                tracks.add(free);
            }
            free.add(span);
        }
        out.values().removeIf(List::isEmpty);
        return out;
    }

    /** The rank's link utilisation by tier as a step function: a counter event wherever it changes. */
    private static void counters(JsonGenerator g, int pid, List<StepActivity.CommSpan> spans, double nvlinkCapacity,
                                 double networkCapacity) {
        List<long[]> edges = new ArrayList<>(); // time, span index, +1 start / -1 end
        for (int i = 0; i < spans.size(); i++) {
            StepActivity.CommSpan s = spans.get(i);
            if (s.endNs() > s.startNs()) {
                edges.add(new long[] {s.startNs(), i, 1});
                edges.add(new long[] {s.endNs(), i, -1});
            }
        }
        edges.sort(Comparator.comparingLong((long[] e) -> e[0]).thenComparingLong(e -> e[2]));
        double nvlink = 0;
        double network = 0;
        for (int i = 0; i < edges.size(); i++) {
            long[] e = edges.get(i);
            StepActivity.CommSpan s = spans.get((int) e[1]);
            double duration = s.endNs() - s.startNs();
            nvlink += e[2] * s.bytes().nvlinkBytes() / duration;
            network += e[2] * s.bytes().networkBytes() / duration;
            if (i + 1 < edges.size() && edges.get(i + 1)[0] == e[0]) {
                continue; // one event per instant, after every change at it
            }
            g.writeStartObject();
            g.writeStringProperty("name", "link utilisation");
            g.writeStringProperty("ph", "C");
            g.writeNumberProperty("pid", pid);
            g.writeName("ts");
            g.writeNumber(micros(e[0]));
            g.writeName("args");
            g.writeStartObject();
            g.writeName("NVLink");
            g.writeNumber(clean(nvlink * 1e9 / nvlinkCapacity));
            g.writeName("network (NIC)");
            g.writeNumber(clean(network * 1e9 / networkCapacity));
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** Sums of many rates minus the same rates leave rounding dust: show it as the zero it is. */
    private static double clean(double v) {
        return Math.abs(v) < 1e-9 ? 0 : v;
    }

    private static void metadata(JsonGenerator g, int pid, int tid, String name, String argName, Object value) {
        g.writeStartObject();
        g.writeStringProperty("name", name);
        g.writeStringProperty("ph", "M");
        g.writeNumberProperty("pid", pid);
        g.writeNumberProperty("tid", tid);
        g.writeName("args");
        g.writeStartObject();
        g.writeName(argName);
        if (value instanceof Integer i) {
            g.writeNumber(i);
        } else {
            g.writeString(String.valueOf(value));
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** A complete ('X') event. */
    private static void slice(JsonGenerator g, int pid, int tid, String name, String category, long startNs,
                              long endNs, Map<String, ?> args) {
        if (endNs <= startNs) {
            return;
        }
        g.writeStartObject();
        g.writeStringProperty("name", name);
        g.writeStringProperty("cat", category);
        g.writeStringProperty("ph", "X");
        g.writeNumberProperty("pid", pid);
        g.writeNumberProperty("tid", tid);
        g.writeName("ts");
        g.writeNumber(micros(startNs));
        g.writeName("dur");
        g.writeNumber(micros(endNs - startNs));
        if (!args.isEmpty()) {
            g.writeName("args");
            g.writeStartObject();
            for (var e : args.entrySet()) {
                g.writeName(e.getKey());
                Object v = e.getValue();
                if (v instanceof Integer i) {
                    g.writeNumber(i);
                } else if (v instanceof Double d) {
                    g.writeNumber(d);
                } else {
                    g.writeString(String.valueOf(v));
                }
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** Nanoseconds as microseconds with all their digits: 1234567 ns is "1234.567". */
    static String micros(long ns) {
        long whole = ns / 1000;
        long frac = ns % 1000;
        return whole + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
    }

    private static String opName(PipelineOp op) {
        return switch (op.kind()) {
            case F -> "forward mb " + op.microBatch();
            case B -> "backward (input) mb " + op.microBatch();
            case BW -> "backward mb " + op.microBatch();
            case W -> "weight gradient mb " + op.microBatch();
            case FB -> "forward mb " + op.microBatch() + " & backward mb " + op.backwardMicroBatch();
        };
    }

    private static Map<String, Object> opArgs(PipelineOp op) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("kind", op.kind().name());
        args.put("chain", op.chain());
        args.put("position", op.position());
        args.put("microBatch", op.microBatch());
        if (op.kind() == OpKind.FB) {
            args.put("backwardMicroBatch", op.backwardMicroBatch());
        }
        return args;
    }
}
