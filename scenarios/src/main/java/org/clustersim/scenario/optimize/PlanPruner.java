package org.clustersim.scenario.optimize;

import java.util.Locale;
import java.util.regex.Pattern;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.workload.MemoryModel;
import org.clustersim.workload.MemoryReport;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.RankMemory;
import org.clustersim.workload.TrainingShape;
import org.clustersim.workload.WorkloadError;

/**
 * Decides whether a plan can run, with the checks {@code clustersim validate} uses: {@link ParallelPlan#validate}
 * (degrees, divisibility, schedule rules, batch split) and then the {@link MemoryModel} at the step shape. A plan
 * that fails is counted under a reason made from the check's own message, so the optimizer and the validator never
 * disagree about what is allowed.
 */
public final class PlanPruner {

    /** Reason of every plan whose peak memory exceeds the GPU's. */
    public static final String MEMORY_KEY = "memory";
    /** Reason of tensor x context x pipeline combinations that do not divide the GPU count (no data degree exists). */
    public static final String DEGREES_KEY = "degrees";

    private static final Pattern NUMBER = Pattern.compile("\\b\\d+(\\.\\d+)?\\b");
    private static final Pattern PARENTHESES = Pattern.compile("\\s*\\([^()]*\\)");
    private static final double GIB = 1L << 30;

    /**
     * Why a plan was pruned.
     *
     * @param key   the plan key the check blames ("tensor", "microBatch", ...; {@link #MEMORY_KEY})
     * @param label the check's message with its numbers taken out, so that plans failing the same rule count together
     */
    public record Reason(String key, String label) {
    }

    /**
     * The outcome for one plan: {@code memory} when it is valid, else a reason and the check's full message.
     */
    public record Verdict(ParallelPlan plan, MemoryReport memory, Reason reason, String message) {
        public boolean valid() {
            return reason == null;
        }
    }

    private final ModelShape model;
    private final ClusterConfig cluster;
    private final TrainingShape training;
    private final MemoryModel memory;
    private final Reason memoryReason;

    public PlanPruner(ModelShape model, ClusterConfig cluster, TrainingShape training, MemoryModel memory) {
        this.model = model;
        this.cluster = cluster;
        this.training = training;
        this.memory = memory;
        this.memoryReason = new Reason(MEMORY_KEY, String.format(Locale.ROOT,
                "does not fit in GPU memory (%.1f GiB per %s)", cluster.gpu().hbmBytes() / GIB, cluster.gpu().id()));
    }

    /** The validity rules only (no memory): the reason, or null if the plan passes them. */
    public Verdict checkRules(ParallelPlan plan) {
        try {
            plan.validate(model, cluster, training);
            return new Verdict(plan, null, null, null);
        } catch (WorkloadError e) {
            return new Verdict(plan, null, new Reason(e.key(), label(e.key(), e.getMessage())), e.getMessage());
        }
    }

    /** Rules, then memory. */
    public Verdict check(ParallelPlan plan) {
        Verdict rules = checkRules(plan);
        return rules.valid() ? checkMemory(plan) : rules;
    }

    /** Memory only, for a plan that passed the rules. */
    public Verdict checkMemory(ParallelPlan plan) {
        MemoryReport report = memory.estimate(model, plan, cluster, training);
        if (report.fits()) {
            return new Verdict(plan, report, null, null);
        }
        RankMemory peak = report.peak();
        String message = String.format(Locale.ROOT, "plan does not fit in GPU memory: pipeline rank %d needs %.1f GiB"
                        + " but a %s has %.1f GiB", peak.pipelineRank(), peak.totalBytes() / GIB, report.gpuId(),
                report.capacityBytes() / GIB);
        return new Verdict(plan, report, memoryReason(), message);
    }

    /** The reason of a plan that does not fit. */
    public Reason memoryReason() {
        return memoryReason;
    }

    /** The reason of degrees whose product does not divide the GPUs (mirrors the scenario loader's message). */
    public static Reason degreesReason() {
        return new Reason(DEGREES_KEY, "tensor x pipeline x context does not divide the cluster's GPUs");
    }

    /** "tensor 3 does not divide the 32 attention heads" becomes "tensor: tensor N does not divide the N ...". */
    static String label(String key, String message) {
        String text = message;
        int semicolon = text.indexOf("; ");
        if (semicolon > 0) {
            text = text.substring(0, semicolon);
        }
        text = PARENTHESES.matcher(text).replaceAll("");
        text = NUMBER.matcher(text).replaceAll("N");
        return (key.isEmpty() ? "" : key + ": ") + text.strip();
    }
}
