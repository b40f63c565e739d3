package org.clustersim.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import org.clustersim.hardware.ClusterConfig;

/**
 * How a model is split over the GPUs for training.
 *
 * <p>Degrees: {@code tensor x pipeline x data x context} = GPUs. Expert parallelism does not add GPUs: the
 * {@code expert} ranks of an MoE layer are taken from the {@code tensor x data x context} ranks of a pipeline stage,
 * and experts are not split by tensor parallelism, so each expert's weights are replicated over
 * {@code tensor x data x context / expert} ranks (the expert-data-parallel group). Ranks are ordered tensor fastest,
 * then context, then data, then pipeline (Megatron's default), so pipeline stage s starts at global rank
 * s x tensor x context x data.
 *
 * @param virtualStages model chunks per pipeline rank of the interleaved schedule (1 otherwise)
 * @param zero          ZeRO stage: 1 shards optimizer state, 2 also gradients, 3 also weights, over the data-parallel
 *                      ranks (data x context for dense weights; the expert-data-parallel group for experts)
 * @param microBatch    sequences per micro-batch
 * @param commSms       streaming multiprocessors reserved for communication kernels (DeepSeek-V3: 20 of 132, A.3)
 * @param overlapPairs  1F1B's and interleaved 1F1B's steady-state pairs (the forward of one micro-batch and the
 *                      backward of another) run as one overlapped op, each one's communication hidden behind the
 *                      other's compute: Megatron-Core's {@code overlap_moe_expert_parallel_comm}. DualPipe always
 *                      overlaps its pairs; GPipe and zero-bubble have none to overlap.
 * @param pipelineLayout which units each model chunk holds, as a Megatron-Core layout string
 *                      ({@link PipelineLayoutString}); empty for clustersim's even split ({@link PipelineLayout#of})
 */
public record ParallelPlan(int tensor, int pipeline, int virtualStages, int expert, int data, int context, int zero,
        int microBatch, Schedule schedule, Recompute recompute, Precision precision, OptimizerMoments optimizerMoments,
        int commSms, boolean overlapPairs, String pipelineLayout) {

    /** A plan whose 1F1B pairs, if any, run one after the other, with the even layout. */
    public ParallelPlan(int tensor, int pipeline, int virtualStages, int expert, int data, int context, int zero,
            int microBatch, Schedule schedule, Recompute recompute, Precision precision,
            OptimizerMoments optimizerMoments, int commSms) {
        this(tensor, pipeline, virtualStages, expert, data, context, zero, microBatch, schedule, recompute, precision,
                optimizerMoments, commSms, false);
    }

    /** A plan with the even layout. */
    public ParallelPlan(int tensor, int pipeline, int virtualStages, int expert, int data, int context, int zero,
            int microBatch, Schedule schedule, Recompute recompute, Precision precision,
            OptimizerMoments optimizerMoments, int commSms, boolean overlapPairs) {
        this(tensor, pipeline, virtualStages, expert, data, context, zero, microBatch, schedule, recompute, precision,
                optimizerMoments, commSms, overlapPairs, "");
    }

    /** Megatron-LM's limit for the interleaved schedule: whole micro-batch groups per pipeline (SC'21 §2.2.2). */
    private static final String INTERLEAVED_SOURCE = "Megatron SC'21 §2.2.2";
    /** DualPipe's own checks: deepseek-ai/DualPipe dualpipe/dualpipe.py, DualPipe.step(). */
    private static final String DUALPIPE_SOURCE = "deepseek-ai/DualPipe dualpipe.py";

    public ParallelPlan {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(recompute, "recompute");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(optimizerMoments, "optimizerMoments");
        Objects.requireNonNull(pipelineLayout, "pipelineLayout (empty for the even layout)");
        if (tensor < 1 || pipeline < 1 || virtualStages < 1 || expert < 1 || data < 1 || context < 1
                || microBatch < 1) {
            throw new IllegalArgumentException("parallel degrees and microBatch must be >= 1");
        }
        if (zero < 0 || zero > 3) {
            throw new IllegalArgumentException("zero must be 0..3");
        }
        if (commSms < 0) {
            throw new IllegalArgumentException("commSms must be >= 0");
        }
    }

    /** A plan with every degree 1 except data parallelism over {@code gpus}, and the usual defaults. */
    public static ParallelPlan dataParallel(int gpus) {
        return new ParallelPlan(1, 1, 1, 1, gpus, 1, 0, 1, Schedule.ONE_F_ONE_B, Recompute.NONE, Precision.BF16,
                OptimizerMoments.FP32, 0);
    }

    /** GPUs the plan uses. */
    public long gpus() {
        return (long) tensor * pipeline * data * context;
    }

    /** Ranks of one pipeline stage (tensor x context x data). */
    public int ranksPerStage() {
        return tensor * context * data;
    }

    /** Ranks over which dense weights' optimizer state (and gradients, weights) are sharded by ZeRO. */
    public int denseShardGroup() {
        return data * context;
    }

    /** Ranks that hold the same experts: tensor x data x context / expert. */
    public int expertDataParallel() {
        return tensor * data * context / expert;
    }

    /** Model chunks the layers are split into (pipeline x virtual stages for interleaved; 2 x pipeline for V). */
    public int modelChunks() {
        return schedule.modelChunks(pipeline, virtualStages);
    }

    /** Global rank of the first GPU of pipeline stage {@code stage}. */
    public long firstRankOfStage(int stage) {
        return (long) stage * ranksPerStage();
    }

    /** Micro-batches per pipeline replica per step. */
    public long microBatches(TrainingShape training) {
        return training.globalBatch() / ((long) data * microBatch);
    }

    /** Tokens of one micro-batch on one rank (context parallelism splits the sequence). */
    public long tokensPerMicroBatchPerRank(TrainingShape training) {
        return (long) microBatch * training.sequenceLength() / context;
    }

    /**
     * Checks the plan against the model, the cluster and (if given) the step shape; throws a {@link WorkloadError}
     * naming the key to change and how.
     */
    public void validate(ModelShape model, ClusterConfig cluster, TrainingShape training) {
        int gpus = cluster.gpuCount();
        if (gpus() != gpus) {
            long others = (long) tensor * pipeline * context;
            String hint = gpus % others == 0
                    ? "set data: " + gpus / others + " (= " + gpus + " / (tensor x pipeline x context)), or leave "
                            + "data out to derive it"
                    : "choose tensor x pipeline x context dividing " + gpus + ", then data = " + gpus
                            + " / their product";
            throw new WorkloadError("data", "tensor " + tensor + " x pipeline " + pipeline + " x data " + data
                    + " x context " + context + " = " + gpus() + " GPUs, but the cluster has " + gpus, hint);
        }
        validateTensor(model, cluster);
        validateExperts(model);
        validateStages(model);
        if (commSms >= cluster.gpu().smCount()) {
            throw new WorkloadError("commSms", "commSms " + commSms + " leaves no SMs for compute on "
                    + cluster.gpu().id() + " (" + cluster.gpu().smCount() + " SMs)",
                    "reserve fewer; DeepSeek-V3 used 20 of 132 (A.3)");
        }
        if (training != null) {
            validateBatch(training);
        }
    }

    private void validateTensor(ModelShape model, ClusterConfig cluster) {
        Attention attention = model.attention();
        if (attention.heads() % tensor != 0) {
            throw new WorkloadError("tensor", "tensor " + tensor + " does not divide the " + attention.heads()
                    + " attention heads", "use one of " + divisorsUpTo(attention.heads(),
                            Math.max(cluster.gpusPerNode(), 1)) + " (tensor parallelism splits heads)");
        }
        if (attention instanceof Attention.MultiHead mh && mh.kvHeads() % tensor != 0) {
            throw new WorkloadError("tensor", "tensor " + tensor + " does not divide the " + mh.kvHeads()
                    + " key/value heads", "use one of " + divisorsUpTo(mh.kvHeads(), mh.kvHeads())
                            + " (each tensor rank needs whole key/value heads)");
        }
        int ffn = model.feedForward() instanceof FeedForward.Dense d ? d.ffnHidden()
                : model.moe().denseLayers() > 0 ? model.moe().denseFfnHidden() : 0;
        if (ffn > 0 && ffn % tensor != 0) {
            throw new WorkloadError("tensor", "tensor " + tensor + " does not divide ffnHidden " + ffn,
                    "use one of " + divisorsUpTo(ffn, Math.max(cluster.gpusPerNode(), 1)));
        }
    }

    private void validateExperts(ModelShape model) {
        if (expert == 1) {
            return;
        }
        FeedForward.MixtureOfExperts moe = model.moe();
        if (moe == null) {
            throw new WorkloadError("expert", "expert parallelism (expert " + expert + ") needs a mixture-of-experts "
                    + "model; " + model.id() + " is dense", "remove 'expert' or set it to 1");
        }
        if (moe.routedExperts() % expert != 0) {
            throw new WorkloadError("expert", moe.routedExperts() + " routed experts do not divide evenly over expert "
                    + expert + " ranks", "use one of " + divisorsUpTo(moe.routedExperts(), moe.routedExperts()));
        }
        int pool = tensor * data * context;
        if (pool % expert != 0) {
            throw new WorkloadError("expert", "expert " + expert + " must divide tensor x data x context = " + pool
                    + " (expert-parallel ranks are taken from the data-parallel ranks of a stage)",
                    "use one of " + divisorsUpTo(gcd(pool, moe.routedExperts()), Integer.MAX_VALUE)
                            + ", or raise data");
        }
    }

    private void validateStages(ModelShape model) {
        if (overlapPairs && !schedule.overlapsPairs(pipeline)) {
            String why = switch (schedule) {
                case DUALPIPE, DUALPIPE_V -> schedule.spelling() + " always overlaps its forward and backward chunks";
                case ONE_F_ONE_B -> "overlapping 1F1B pairs over " + pipeline + " pipeline stages needs virtual "
                        + "stages (Megatron-Core overlaps them in interleaved 1F1B, or without pipelining)";
                default -> schedule.spelling() + " has no steady-state forward-backward pairs to overlap";
            };
            throw new WorkloadError("overlapForwardBackward", why, schedule == Schedule.ONE_F_ONE_B
                    ? "use schedule: interleaved-1f1b with virtualStages >= 2, or pipeline: 1"
                    : "overlapForwardBackward applies to 1f1b and interleaved-1f1b; remove it");
        }
        if (virtualStages > 1 && schedule != Schedule.INTERLEAVED_1F1B) {
            throw new WorkloadError("virtualStages", "virtualStages " + virtualStages + " applies only to the "
                    + "interleaved-1f1b schedule, not " + schedule.spelling(),
                    "set schedule: interleaved-1f1b, or remove virtualStages");
        }
        int chunks = modelChunks();
        if (!pipelineLayout.isEmpty()) {
            PipelineLayoutString.unitsPerChunk(pipelineLayout, model, chunks);
        }
        if (pipelineLayout.isEmpty() && chunks > model.layers()) {
            String what = chunks == pipeline ? "pipeline " + pipeline
                    : "pipeline " + pipeline + " x " + chunks / pipeline + " chunks per rank (" + schedule.spelling()
                            + ") = " + chunks;
            throw new WorkloadError("pipeline", what + " stages, but the model has only " + model.layers() + " layers",
                    "use at most " + model.layers() * pipeline / chunks + " pipeline stages");
        }
        switch (schedule) {
            case INTERLEAVED_1F1B -> {
                if (virtualStages < 2) {
                    throw new WorkloadError("virtualStages", "interleaved-1f1b needs virtualStages >= 2",
                            "set virtualStages: 2, or use schedule: 1f1b");
                }
                if (pipeline < 2) {
                    throw new WorkloadError("pipeline", "interleaved-1f1b needs pipeline >= 2",
                            "raise pipeline, or use schedule: 1f1b");
                }
                if (pipelineLayout.isEmpty() && model.layers() % chunks != 0) {
                    List<Integer> ok = new ArrayList<>();
                    for (int v = 2; v * pipeline <= model.layers(); v++) {
                        if (model.layers() % (v * pipeline) == 0) {
                            ok.add(v);
                        }
                    }
                    throw new WorkloadError("virtualStages", model.layers() + " layers do not split into pipeline "
                            + pipeline + " x virtualStages " + virtualStages + " = " + chunks
                            + " equal chunks (Megatron requires it without a layout)",
                            (ok.isEmpty() ? "use schedule: 1f1b, or a pipeline degree dividing " + model.layers()
                                    : "use virtualStages: " + join(ok))
                                    + ", or give pipelineLayout (Megatron-Core's layout string, e.g. Et|(tt|)*30mL)");
                }
            }
            case DUALPIPE -> {
                if (pipeline < 2 || pipeline % 2 != 0) {
                    throw new WorkloadError("pipeline", "dualpipe needs an even number of pipeline ranks, not "
                            + pipeline + " (" + DUALPIPE_SOURCE + ")", "use pipeline: " + Math.max(2, pipeline + 1));
                }
            }
            default -> {
            }
        }
    }

    private void validateBatch(TrainingShape training) {
        int seq = training.sequenceLength();
        if (context > 1 && seq % (2 * context) != 0) {
            throw new WorkloadError("context", "sequence length " + seq + " does not split into 2 x context = "
                    + 2 * context + " equal pieces (context parallelism balances causal work that way)",
                    "use a context degree c with " + seq + " divisible by 2c");
        }
        int batch = training.globalBatch();
        if (batch % data != 0) {
            throw new WorkloadError("data", "global batch " + batch + " sequences does not divide evenly over data "
                    + data + " replicas", "use a global batch that is a multiple of " + data
                            + ", or a data degree dividing " + batch);
        }
        int perReplica = batch / data;
        if (perReplica % microBatch != 0) {
            throw new WorkloadError("microBatch", perReplica + " sequences per replica (global batch " + batch
                    + " / data " + data + ") do not split into micro-batches of " + microBatch,
                    "use microBatch: one of " + join(divisors(perReplica)));
        }
        long micro = perReplica / microBatch;
        switch (schedule) {
            case DUALPIPE, DUALPIPE_V -> {
                if (micro % 2 != 0 || micro < 2L * pipeline) {
                    String rule = schedule == Schedule.DUALPIPE
                            ? "(" + DUALPIPE_SOURCE + ")"
                            : "(assumed as for dualpipe, " + DUALPIPE_SOURCE + ")";
                    throw new WorkloadError("microBatch", schedule.spelling()
                            + " needs an even number of micro-batches, at least 2 x pipeline = " + 2 * pipeline + " "
                            + rule + "; " + perReplica + " sequences per replica in micro-batches of " + microBatch + " give " + micro,
                            suggestMicroBatch(perReplica, m -> m % 2 == 0 && m >= 2L * pipeline,
                                    "raise the global batch or lower data or pipeline"));
                }
            }
            case INTERLEAVED_1F1B -> {
                if (micro % pipeline != 0) {
                    throw new WorkloadError("microBatch", "interleaved-1f1b needs the micro-batches per step (" + micro
                            + ") to be a multiple of pipeline " + pipeline + " (" + INTERLEAVED_SOURCE + ")",
                            suggestMicroBatch(perReplica, m -> m % pipeline == 0,
                                    "choose a global batch that is a multiple of data x pipeline"));
                }
            }
            default -> {
            }
        }
    }

    private String suggestMicroBatch(int perReplica, java.util.function.LongPredicate okMicroBatches,
            String otherwise) {
        List<Integer> ok = new ArrayList<>();
        for (int size : divisors(perReplica)) {
            if (okMicroBatches.test(perReplica / size)) {
                ok.add(size);
            }
        }
        return ok.isEmpty() ? otherwise : "use microBatch: one of " + join(ok);
    }

    static List<Integer> divisors(int n) {
        List<Integer> out = new ArrayList<>();
        for (int d = 1; d <= n; d++) {
            if (n % d == 0) {
                out.add(d);
            }
            if (out.size() > 24) {
                break;
            }
        }
        return out;
    }

    private static String divisorsUpTo(int n, int max) {
        List<Integer> out = new ArrayList<>();
        for (int d = 1; d <= Math.min(n, max); d++) {
            if (n % d == 0) {
                out.add(d);
            }
            if (out.size() > 16) {
                break;
            }
        }
        return join(out);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static String join(List<Integer> values) {
        StringJoiner j = new StringJoiner(", ");
        values.forEach(v -> j.add(Integer.toString(v)));
        return j.toString();
    }

    /** The plan as the keys of a scenario's parallelism section, for messages. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("tensor ").append(tensor).append(", pipeline ").append(pipeline);
        if (virtualStages > 1) {
            b.append(" (x").append(virtualStages).append(" virtual)");
        }
        b.append(", expert ").append(expert).append(", data ").append(data).append(", context ").append(context)
                .append(", zero ").append(zero).append(", microBatch ").append(microBatch).append(", ")
                .append(schedule.spelling()).append(", recompute ")
                .append(recompute.name().toLowerCase(java.util.Locale.ROOT)).append(", ")
                .append(precision.name().toLowerCase(java.util.Locale.ROOT));
        if (overlapPairs) {
            b.append(", overlapped pairs");
        }
        if (!pipelineLayout.isEmpty()) {
            b.append(", layout ").append(pipelineLayout);
        }
        return b.toString();
    }
}
