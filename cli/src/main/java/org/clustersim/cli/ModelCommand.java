package org.clustersim.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.clustersim.error.UserError;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.spec.ModelSpec;
import org.clustersim.scenario.spec.PhaseSpec;
import org.clustersim.scenario.workload.ModelResolver;
import org.clustersim.scenario.workload.WorkloadCheck;
import org.clustersim.workload.FeedForward;
import org.clustersim.workload.FlopCounter;
import org.clustersim.workload.MemoryReport;
import org.clustersim.workload.ModelShape;
import org.clustersim.workload.ParallelPlan;
import org.clustersim.workload.ParameterCounts;
import org.clustersim.workload.RankMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Print a model's parameters and training FLOPs per token.",
                "For a scenario with a parallelism plan, also the memory per GPU of every pipeline rank and whether it "
                        + "fits (exit 2 if not)."})
final class ModelCommand implements Callable<Integer> {

    /** Sequence length when neither --seq nor the scenario gives one (DeepSeek-V3's pre-training length, A.2). */
    static final int DEFAULT_SEQUENCE_LENGTH = 4096;
    private static final double GIB = 1L << 30;

    @Parameters(index = "0", paramLabel = "NAME|FILE",
            description = "A model preset (deepseek-v3, deepseek-v2, llama3-405b, llama3-70b, llama3-8b, gpt3-175b, "
                    + "mixtral-8x7b) or a scenario file.")
    String target;

    @Option(names = "--seq", paramLabel = "N",
            description = "Sequence length for the FLOP counts (default: the scenario's first phase, else 4096).")
    Integer seq;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override a value of the scenario file, e.g. --set parallelism.pipeline=8 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Catalog catalog = Catalog.builtIn();
        Path file = ScenarioOptions.resolve(target);
        ModelShape model;
        String source;
        WorkloadCheck.Result workload = null;
        Integer scenarioSeq = null;
        if (!Files.exists(file) && catalog.models().containsKey(target)) {
            if (!overrides.isEmpty()) {
                throw new UserError("--set applies to scenario files, not to the preset '" + target + "'",
                        "write a scenario with 'model: {preset: " + target + ", ...}' and run 'clustersim model FILE'");
            }
            model = new ModelResolver(catalog).preset(target);
            source = catalog.models().get(target).source();
        } else {
            if (!Files.exists(file)) {
                new ModelResolver(catalog).preset(target); // throws: unknown preset, with "did you mean"
            }
            Scenario scenario = new ScenarioLoader(catalog).load(file, overrides);
            workload = new WorkloadCheck(catalog).resolve(scenario, false);
            model = workload.model();
            if (model == null) {
                throw new UserError("scenario '" + scenario.name() + "' has no model",
                        "add e.g. 'model: deepseek-v3' to " + file);
            }
            source = sourceOf(scenario.spec().value().model(), catalog);
            scenarioSeq = firstSequenceLength(scenario);
        }
        boolean seqDefaulted = seq == null && scenarioSeq == null;
        int sequenceLength = seq != null ? seq : scenarioSeq != null ? scenarioSeq : DEFAULT_SEQUENCE_LENGTH;
        ParameterCounts counts = ParameterCounts.of(model);
        FlopCounter.FlopsPerToken flops = FlopCounter.perToken(model, sequenceLength);
        // of a batch ramp's slices (smallest batch first) show the first, and only when it needs the ramp's own
        // plan: the others repeat the phase's plan
        List<WorkloadCheck.PhasePlan> plans = workload == null ? List.of() : workload.plans().stream()
                .filter(p -> p.ramp() == null || p.ramp().assumedPlan() && p.ramp().index() == 0).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(model, source, counts, flops, plans));
        } else {
            printText(out, model, source, counts, flops, seqDefaulted, plans);
        }
        out.flush();
        if (workload != null) {
            workload.requireFits();
        }
        return ExitCodes.OK;
    }

    private static String sourceOf(ModelSpec spec, Catalog catalog) {
        if (spec.preset() != null && catalog.models().containsKey(spec.preset())) {
            return catalog.models().get(spec.preset()).source();
        }
        return spec.source() != null ? spec.source() : "scenario file";
    }

    private static Integer firstSequenceLength(Scenario scenario) {
        var training = scenario.spec().value().training();
        if (training == null || training.phases() == null) {
            return null;
        }
        for (PhaseSpec phase : training.phases()) {
            if (phase.sequenceLength() != null) {
                return phase.sequenceLength();
            }
        }
        return null;
    }

    private static String describe(ModelShape m) {
        StringBuilder b = new StringBuilder();
        b.append(m.isMoe() ? "MoE" : "dense").append(", ").append(m.attention().kind()).append(" attention (")
                .append(m.attention().heads()).append(" heads), ").append(m.layers()).append(" layers, hidden ")
                .append(m.hidden());
        if (m.feedForward() instanceof FeedForward.MixtureOfExperts moe) {
            b.append(", ");
            if (moe.sharedExperts() > 0) {
                b.append(moe.sharedExperts()).append(" shared + ");
            }
            b.append(moe.routedExperts()).append(" routed experts of ").append(moe.expertFfnHidden()).append(" (top-")
                    .append(moe.activeExperts()).append(")");
            if (moe.denseLayers() > 0) {
                b.append(", first ").append(moe.denseLayers()).append(" layers dense");
            }
        } else if (m.feedForward() instanceof FeedForward.Dense d) {
            b.append(", ").append(d.gated() ? "gated" : "plain").append(" FFN ").append(d.ffnHidden());
        }
        b.append(", vocab ").append(m.vocab()).append(m.tiedEmbeddings() ? " (tied)" : "");
        if (m.mtpDepth() > 0) {
            b.append(", MTP depth ").append(m.mtpDepth());
        }
        return b.toString();
    }

    private static String billions(double v) {
        return String.format(Locale.ROOT, "%.2fB", v / 1e9);
    }

    private static void printText(PrintWriter out, ModelShape m, String source, ParameterCounts c,
            FlopCounter.FlopsPerToken f, boolean seqDefaulted, List<WorkloadCheck.PhasePlan> plans) {
        out.printf("%s: %s%n  %s%n  source: %s%n%n", m.id(), m.name(), describe(m), source);
        out.println("parameters");
        out.printf(Locale.ROOT, "  %-26s %10s%n", "total", billions(c.totalParams()));
        out.printf(Locale.ROOT, "  %-26s %10s   (%s counting the input embedding table)%n", "activated per token",
                billions(c.activatedParams()), billions(c.activatedParamsWithEmbedding()));
        if (m.mtpDepth() > 0) {
            out.printf(Locale.ROOT, "  %-26s %10s   (activated %s; %s stored with copies of embedding and head)%n",
                    "MTP modules (unique)", billions(c.mtpParams()), billions(c.mtpActivatedParams()),
                    billions(c.mtpParamsWithSharedCopies(m)));
        }
        out.printf(Locale.ROOT, "  embedding %s, output head %s, attention %s, dense FFN %s, shared experts %s, "
                + "routed experts %s, routers %s, norms %s%n%n", billions(c.embeddingParams()),
                billions(c.outputHeadParams()), billions(c.attentionParams()), billions(c.denseFfnParams()),
                billions(c.sharedExpertParams()), billions(c.routedExpertParams()), billions(c.routerParams()),
                billions(c.normParams()));
        out.printf(Locale.ROOT, "training FLOPs per token at sequence length %d%s (3 x forward, no recomputation)%n",
                f.sequenceLength(), seqDefaulted ? " (default; pass --seq)" : "");
        out.printf(Locale.ROOT, "  %-16s %12s %12s%n", "", "causal", "non-causal");
        out.printf(Locale.ROOT, "  %-16s %10.2f G %10.2f G%n", "main model", f.trainingFlopsPerToken(true) / 1e9,
                f.trainingFlopsPerToken(false) / 1e9);
        if (m.mtpDepth() > 0) {
            out.printf(Locale.ROOT, "  %-16s %10.2f G %10.2f G%n", "MTP modules",
                    f.mtpTrainingFlopsPerToken(true) / 1e9, f.mtpTrainingFlopsPerToken(false) / 1e9);
        }
        out.printf(Locale.ROOT, "  main-model terms (x3 for training): layer GEMMs %.2f G, output head %.2f G, "
                + "attention score/context %.2f G causal / %.2f G non-causal; the embedding lookup is not counted%n",
                f.layerGemmForward() / 1e9, f.headForward() / 1e9, f.attentionForward(true) / 1e9,
                f.attentionForwardNonCausal() / 1e9);
        for (WorkloadCheck.PhasePlan p : plans) {
            printPlan(out, p);
        }
    }

    private static void printPlan(PrintWriter out, WorkloadCheck.PhasePlan p) {
        ParallelPlan plan = p.plan();
        out.println();
        if (p.training() == null) {
            out.printf("plan: %s%n  (no phase gives a sequence length and global batch: memory not estimated)%n",
                    plan.describe());
            return;
        }
        out.printf(Locale.ROOT, "plan for phase '%s' (seq %d, global batch %d): %s; %d micro-batches per step%n",
                p.phase(), p.training().sequenceLength(), p.training().globalBatch(), plan.describe(),
                plan.microBatches(p.training()));
        MemoryReport memory = p.memory();
        out.printf(Locale.ROOT, "memory per GPU, GiB (capacity %.1f on %s)%n", memory.capacityBytes() / GIB,
                memory.gpuId());
        out.printf(Locale.ROOT, "  %3s %10s %8s %8s %8s %8s %8s %8s %8s  %s%n", "pp", "first rank", "weights",
                "grads", "optim", "activ", "temp", "reserve", "total", "holds");
        for (RankMemory r : memory.ranks()) {
            out.printf(Locale.ROOT, "  %3d %10d %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f  %s%n", r.pipelineRank(),
                    r.firstGlobalRank(), r.weightBytes() / GIB, r.gradientBytes() / GIB, r.optimizerBytes() / GIB,
                    r.activationBytes() / GIB, r.temporaryBytes() / GIB, r.reservedBytes() / GIB,
                    r.totalBytes() / GIB, r.holds());
        }
        RankMemory peak = memory.peak();
        out.printf(Locale.ROOT, "  peak: pipeline rank %d needs %.1f of %.1f GiB: %s%n", peak.pipelineRank(),
                peak.totalBytes() / GIB, memory.capacityBytes() / GIB, memory.fits() ? "fits" : "DOES NOT FIT");
    }

    private static String toJson(ModelShape m, String source, ParameterCounts c, FlopCounter.FlopsPerToken f,
            List<WorkloadCheck.PhasePlan> plans) {
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        ObjectNode root = mapper.createObjectNode();
        root.put("model", m.id());
        root.put("name", m.name());
        root.put("source", source);
        root.put("sequenceLength", f.sequenceLength());
        root.put("totalParams", c.totalParams());
        root.put("activatedParams", c.activatedParams());
        root.put("activatedParamsWithEmbedding", c.activatedParamsWithEmbedding());
        root.put("mtpParams", c.mtpParams());
        root.put("mtpActivatedParams", c.mtpActivatedParams());
        root.put("trainingFlopsPerTokenCausal", f.trainingFlopsPerToken(true));
        root.put("trainingFlopsPerTokenNonCausal", f.trainingFlopsPerToken(false));
        root.put("mtpTrainingFlopsPerTokenCausal", f.mtpTrainingFlopsPerToken(true));
        root.put("mtpTrainingFlopsPerTokenNonCausal", f.mtpTrainingFlopsPerToken(false));
        ObjectNode params = root.putObject("parameterBreakdown");
        params.put("embeddingParams", c.embeddingParams());
        params.put("outputHeadParams", c.outputHeadParams());
        params.put("attentionParams", c.attentionParams());
        params.put("denseFfnParams", c.denseFfnParams());
        params.put("sharedExpertParams", c.sharedExpertParams());
        params.put("routedExpertParams", c.routedExpertParams());
        params.put("routerParams", c.routerParams());
        params.put("normParams", c.normParams());
        ObjectNode terms = root.putObject("forwardFlopsPerToken");
        terms.put("layerGemms", f.layerGemmForward());
        terms.put("outputHead", f.headForward());
        terms.put("attentionCausal", f.attentionForward(true));
        terms.put("attentionNonCausal", f.attentionForwardNonCausal());
        terms.put("embeddingLookup", 0);
        ArrayNode planNodes = root.putArray("plans");
        for (WorkloadCheck.PhasePlan p : plans) {
            ObjectNode o = planNodes.addObject();
            ParallelPlan plan = p.plan();
            o.put("phase", p.phase());
            ObjectNode pn = o.putObject("plan");
            pn.put("tensor", plan.tensor());
            pn.put("pipeline", plan.pipeline());
            pn.put("virtualStages", plan.virtualStages());
            pn.put("expert", plan.expert());
            pn.put("data", plan.data());
            pn.put("context", plan.context());
            pn.put("zero", plan.zero());
            pn.put("microBatch", plan.microBatch());
            pn.put("schedule", plan.schedule().spelling());
            pn.put("recompute", plan.recompute().name().toLowerCase(Locale.ROOT));
            pn.put("precision", plan.precision().name().toLowerCase(Locale.ROOT));
            pn.put("optimizerMoments", plan.optimizerMoments().name().toLowerCase(Locale.ROOT));
            pn.put("commSms", plan.commSms());
            if (p.training() == null) {
                continue;
            }
            o.put("sequenceLength", p.training().sequenceLength());
            o.put("globalBatch", p.training().globalBatch());
            o.put("microBatchesPerStep", plan.microBatches(p.training()));
            MemoryReport memory = p.memory();
            ObjectNode mem = o.putObject("memory");
            mem.put("gpu", memory.gpuId());
            mem.put("capacityBytes", memory.capacityBytes());
            mem.put("fits", memory.fits());
            mem.put("peakPipelineRank", memory.peak().pipelineRank());
            mem.put("peakBytes", memory.peak().totalBytes());
            ArrayNode ranks = mem.putArray("ranks");
            for (RankMemory r : memory.ranks()) {
                ObjectNode rn = ranks.addObject();
                rn.put("pipelineRank", r.pipelineRank());
                rn.put("firstGlobalRank", r.firstGlobalRank());
                rn.put("holds", r.holds());
                rn.put("params", r.params());
                rn.put("weightBytes", r.weightBytes());
                rn.put("gradientBytes", r.gradientBytes());
                rn.put("optimizerBytes", r.optimizerBytes());
                rn.put("activationBytes", r.activationBytes());
                rn.put("temporaryBytes", r.temporaryBytes());
                rn.put("reservedBytes", r.reservedBytes());
                rn.put("totalBytes", r.totalBytes());
                rn.put("inFlightChunkMicroBatches", r.inFlightChunkMicroBatches());
            }
        }
        return mapper.writeValueAsString(root);
    }
}
