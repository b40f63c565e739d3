package org.clustersim.scenario.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.clustersim.error.UserError;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.Recompute;
import org.clustersim.workload.Schedule;
import org.clustersim.workload.TrainingShape;

/**
 * The plans {@code clustersim optimize} tries for one cluster: the candidate values of every knob, each list derived
 * from the model, the cluster and the step shape alone (not from the other knobs), so the space is a plain product
 * and its size is known before anything is checked. Combinations the rules forbid are not left out silently: they
 * are generated and pruned with the reason {@link ParallelPlan#validate} gives, so the report can count them.
 *
 * <ul>
 * <li>tensor: divisors of the GPUs per node (tensor parallelism stays inside a node's NVLink domain);</li>
 * <li>context: divisors c of the GPU count leaving at least {@link Limits#minContextTokens()} tokens per rank;</li>
 * <li>pipeline: divisors of the GPU count up to the model's layers;</li>
 * <li>data: the GPUs left, GPUs / (tensor x context x pipeline); the global batch is the scenario's, never changed;</li>
 * <li>expert: divisors of the routed experts (MoE), else 1;</li>
 * <li>microBatch: divisors of the global batch up to {@link Limits#maxMicroBatch()};</li>
 * <li>zero 0-3, recompute none/selective/full;</li>
 * <li>schedule: those in {@link Limits#schedules()}, interleaved-1f1b with 2 .. {@link Limits#maxVirtualStages()}
 * virtual stages; with one pipeline stage every schedule runs the same ops, so it is searched once, as 1f1b.</li>
 * </ul>
 *
 * <p>Precision, optimizer moments, reserved communication SMs and the attention kernel are numerics or kernel choices
 * rather than parallelism, so they stay as the scenario sets them ({@code fixed}).
 */
public record SearchSpace(int gpus, List<Integer> tensor, List<Integer> context, List<Integer> pipeline,
                          List<Integer> expert, List<Integer> microBatch, List<Integer> zero,
                          List<Recompute> recompute, List<ScheduleChoice> schedules, ParallelPlan fixed) {

    /** A schedule with its virtual stages (1 except interleaved-1f1b). */
    public record ScheduleChoice(Schedule schedule, int virtualStages) {
        public String describe() {
            return virtualStages > 1 ? schedule.spelling() + " v" + virtualStages : schedule.spelling();
        }
    }

    /**
     * Bounds that keep the space finite and sensible.
     *
     * @param maxMicroBatch    largest micro-batch (sequences) tried
     * @param maxVirtualStages largest virtual-stage count tried for interleaved-1f1b
     * @param minContextTokens fewest tokens of a sequence a context-parallel rank may hold
     * @param schedules        schedules tried (dualpipe-v is not: the step simulator does not run it)
     */
    public record Limits(int maxMicroBatch, int maxVirtualStages, int minContextTokens, List<Schedule> schedules) {

        public static final Limits DEFAULT = new Limits(16, 8, 1024, List.of(Schedule.GPIPE, Schedule.ONE_F_ONE_B,
                Schedule.INTERLEAVED_1F1B, Schedule.ZERO_BUBBLE, Schedule.DUALPIPE));

        public Limits {
            schedules = List.copyOf(schedules);
            if (maxMicroBatch < 1) {
                throw new UserError("--max-micro-batch must be at least 1, not " + maxMicroBatch, null);
            }
            if (maxVirtualStages < 2 && schedules.contains(Schedule.INTERLEAVED_1F1B)) {
                throw new UserError("--max-virtual-stages must be at least 2 with interleaved-1f1b, not "
                        + maxVirtualStages, "interleaved-1f1b needs 2 or more virtual stages");
            }
            if (minContextTokens < 1) {
                throw new UserError("--min-context-tokens must be at least 1, not " + minContextTokens, null);
            }
            if (schedules.isEmpty()) {
                throw new UserError("no schedules to search", "give --schedules, e.g. 1f1b,dualpipe");
            }
            if (schedules.contains(Schedule.DUALPIPE_V)) {
                throw new UserError("dualpipe-v cannot be searched: the step simulator does not run it yet",
                        "leave it out of --schedules (dualpipe has the same bubble)");
            }
        }
    }

    public SearchSpace {
        tensor = List.copyOf(tensor);
        context = List.copyOf(context);
        pipeline = List.copyOf(pipeline);
        expert = List.copyOf(expert);
        microBatch = List.copyOf(microBatch);
        zero = List.copyOf(zero);
        recompute = List.copyOf(recompute);
        schedules = List.copyOf(schedules);
    }

    /** The space for a model on a cluster at a step shape; {@code fixed} gives the knobs that are not searched. */
    public static SearchSpace of(ModelShape model, ClusterConfig cluster, TrainingShape training, ParallelPlan fixed,
                                 Limits limits) {
        int gpus = cluster.gpuCount();
        List<Integer> tensor = new ArrayList<>();
        for (int t : divisors(cluster.gpusPerNode())) {
            if (gpus % t == 0) {
                tensor.add(t);
            }
        }
        List<Integer> context = new ArrayList<>();
        for (int c : divisors(gpus)) {
            if (c == 1 || (long) c * limits.minContextTokens() <= training.sequenceLength()) {
                context.add(c);
            }
        }
        List<Integer> pipeline = new ArrayList<>();
        for (int p : divisors(gpus)) {
            if (p <= model.layers()) {
                pipeline.add(p);
            }
        }
        List<Integer> expert = model.isMoe() ? divisors(model.moe().routedExperts()) : List.of(1);
        List<Integer> micro = new ArrayList<>();
        for (int m : divisors(training.globalBatch())) {
            if (m <= limits.maxMicroBatch()) {
                micro.add(m);
            }
        }
        List<ScheduleChoice> schedules = new ArrayList<>();
        for (Schedule s : limits.schedules()) {
            if (s == Schedule.INTERLEAVED_1F1B) {
                for (int v = 2; v <= limits.maxVirtualStages(); v++) {
                    schedules.add(new ScheduleChoice(s, v));
                }
            } else {
                schedules.add(new ScheduleChoice(s, 1));
            }
        }
        return new SearchSpace(gpus, tensor, context, pipeline, expert, micro, List.of(0, 1, 2, 3),
                List.of(Recompute.values()), schedules, fixed);
    }

    /** Schedules tried at a pipeline degree: all of them, or only 1f1b for a single stage. */
    public List<ScheduleChoice> schedulesFor(int pipelineDegree) {
        if (pipelineDegree > 1) {
            return schedules;
        }
        return List.of(new ScheduleChoice(Schedule.ONE_F_ONE_B, 1));
    }

    /** Plans with this tensor, context and pipeline degree (valid or not). */
    public long sizeOf(int pipelineDegree) {
        return (long) expert.size() * microBatch.size() * zero.size() * recompute.size()
                * schedulesFor(pipelineDegree).size();
    }

    /** Every combination of the candidate values: the number of plans considered. */
    public long size() {
        long total = 0;
        for (int p : pipeline) {
            total += tensor.size() * (long) context.size() * sizeOf(p);
        }
        return total;
    }

    /** A plan of this space with the fixed knobs. */
    public ParallelPlan plan(int tensorDegree, int pipelineDegree, ScheduleChoice schedule, int expertDegree,
                             int dataDegree, int contextDegree, int zeroStage, int micro, Recompute recomputeMode) {
        return new ParallelPlan(tensorDegree, pipelineDegree, schedule.virtualStages(), expertDegree, dataDegree,
                contextDegree, zeroStage, micro, schedule.schedule(), recomputeMode, fixed.precision(),
                fixed.optimizerMoments(), fixed.commSms(),
                // where the scenario asks for overlapped pairs, plans that cannot overlap run theirs apart
                fixed.overlapPairs() && schedule.schedule().overlapsPairs(pipelineDegree));
    }


    /** One line per knob, for the report. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("tensor " + join(tensor) + " (divisors of the GPUs per node)");
        out.add("pipeline " + join(pipeline) + " (divisors of " + gpus + " up to the layers)");
        out.add("context " + join(context));
        out.add("data = " + gpus + " / (tensor x pipeline x context)");
        out.add("expert " + join(expert));
        out.add("microBatch " + join(microBatch) + " (divisors of the global batch)");
        out.add("zero 0-3, recompute none/selective/full");
        StringJoiner s = new StringJoiner(", ");
        schedules.stream().map(c -> c.schedule()).distinct().forEach(sc -> {
            if (sc == Schedule.INTERLEAVED_1F1B) {
                int max = schedules.stream().mapToInt(ScheduleChoice::virtualStages).max().orElse(2);
                s.add(sc.spelling() + " (virtual stages 2-" + max + ")");
            } else {
                s.add(sc.spelling());
            }
        });
        out.add("schedule " + s + "; with pipeline 1 only 1f1b (every schedule runs the same ops)");
        out.add(String.format(Locale.ROOT, "fixed as the scenario sets them: precision %s, optimizerMoments %s, "
                        + "commSms %d%s", fixed.precision().name().toLowerCase(Locale.ROOT),
                fixed.optimizerMoments().name().toLowerCase(Locale.ROOT), fixed.commSms(),
                fixed.overlapPairs() ? ", overlapForwardBackward (interleaved-1f1b plans, and 1f1b without pipelining)" : ""));
        return out;
    }

    static List<Integer> divisors(int n) {
        List<Integer> out = new ArrayList<>();
        for (int d = 1; (long) d * d <= n; d++) {
            if (n % d == 0) {
                out.add(d);
            }
        }
        for (int i = out.size() - 1; i >= 0; i--) {
            int d = out.get(i);
            if (d * d != n) {
                out.add(n / d);
            }
        }
        return out;
    }

    private static String join(List<Integer> values) {
        if (values.size() > 12) {
            return values.get(0) + ", " + values.get(1) + ", ... " + values.get(values.size() - 1) + " ("
                    + values.size() + " values)";
        }
        StringJoiner j = new StringJoiner(", ");
        values.forEach(v -> j.add(Integer.toString(v)));
        return j.toString();
    }
}
