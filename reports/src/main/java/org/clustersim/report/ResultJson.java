package org.clustersim.report;

import java.util.List;
import org.clustersim.cost.PoolCost;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.scenario.step.CalibrationComparison;
import org.clustersim.step.CommKind;
import org.clustersim.step.StepActivity;
import org.clustersim.run.Assumption;
import org.clustersim.scenario.run.PhaseRun;
import org.clustersim.scenario.step.StepRunner;
import org.clustersim.step.StepResult;
import org.clustersim.workload.RankMemory;
import org.clustersim.scenario.run.RunResult;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code result.json}, the machine contract: field names are stable and carry their units ({@code timeSeconds},
 * {@code gpuHours}, {@code rentalUsd}). The tree is built field by field rather than by reflecting over records so
 * that renaming a Java field can never silently rename a contract field.
 */
public final class ResultJson {

    private final JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * Bins of {@code step.linkUtilisation} over the step: coarse enough to average over a few pipeline ops (finer
     * bins alias with the ops' period and draw noise; trace.json has the exact per-rank step function).
     */
    public static final int UTILISATION_BINS = 40;

    public ObjectNode toTree(RunResult result) {
        return toTree(new RunReport(null, result, null, List.of()));
    }

    /** The whole {@code result.json}: what {@code --json} prints and {@code --out} writes. */
    public ObjectNode toTree(RunReport report) {
        RunResult result = report.result();
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", 1);
        root.put("toolVersion", result.toolVersion());
        ObjectNode scenario = root.putObject("scenario");
        scenario.put("name", result.scenarioName());
        if (result.description() != null) {
            scenario.put("description", result.description());
        }
        scenario.put("file", result.sourceFile());
        if (report.scenario() != null) {
            ArrayNode resolved = scenario.putArray("resolved");
            for (ResolvedScenario.Entry e : ResolvedScenario.of(report.scenario().spec())) {
                ObjectNode o = resolved.addObject();
                o.put("path", e.path());
                o.put("value", e.value());
                o.put("from", e.from());
            }
        }

        ClusterConfig cluster = result.cluster();
        ObjectNode c = root.putObject("cluster");
        c.put("gpu", cluster.gpu().id());
        c.put("nodes", cluster.nodes());
        c.put("gpusPerNode", cluster.gpusPerNode());
        c.put("gpus", cluster.gpuCount());
        c.put("peakBf16DenseFlopsPerGpu", cluster.gpu().bf16DenseFlopsPerSecond());
        c.put("peakFp8DenseFlopsPerGpu", cluster.gpu().fp8DenseFlopsPerSecond());
        c.put("hbmBytesPerGpu", cluster.gpu().hbmBytes());
        c.put("hbmBytesPerSecondPerGpu", cluster.gpu().hbmBytesPerSecond());
        c.put("nvlinkAchievableBytesPerSecondPerGpu", cluster.gpu().nvlinkAchievableBytesPerSecond());
        c.put("networkAchievableBytesPerSecondPerGpu", networkBytesPerSecondPerGpu(cluster));
        c.put("gpuTdpWatts", cluster.gpu().tdpWatts());
        c.put("node", cluster.node().id());
        if (report.scenario() != null) {
            c.put("gpuSource", report.scenario().gpuSource());
            c.put("nodeSource", report.scenario().nodeSource());
        }

        ObjectNode run = root.putObject("run");
        run.put("model", result.model());
        run.put("timeSeconds", result.timeSeconds());
        run.put("wallClockDays", result.timeSeconds() / 86400.0);
        run.put("gpuHours", result.gpuHours());
        run.put("goodput", result.goodput());
        run.put("monteCarloWallClockDays", result.monteCarloSeconds() / 86400.0);
        run.put("eventsSimulated", result.eventsSimulated());
        ArrayNode phases = run.putArray("phases");
        for (PhaseRun phase : result.phases()) {
            ObjectNode p = phases.addObject();
            p.put("name", phase.name());
            putNumber(p, "tokens", phase.tokens());
            putNumber(p, "steps", phase.steps());
            putNumber(p, "stepSeconds", phase.stepSeconds());
            p.put("timeSeconds", phase.timeSeconds());
            p.put("days", phase.timeSeconds() / 86400.0);
            p.put("gpuHours", phase.gpuHours());
            p.put("assumedPlan", phase.assumedPlan());
            p.put("goodput", phase.goodput());
        }
        if (!result.steps().isEmpty()) {
            ObjectNode mainStep = stepNode(result.steps().get(0));
            addActivity(mainStep, result.steps().get(0), cluster);
            root.set("step", mainStep);
            ArrayNode steps = root.putArray("steps");
            for (StepRunner.PhaseStep ps : result.steps()) {
                steps.add(stepNode(ps));
            }
            ObjectNode memory = root.putObject("memory");
            StepRunner.PhaseStep main = result.steps().get(0);
            if (main.memory() != null) {
                memory.put("peakBytesPerRank", main.memory().peak().totalBytes());
                memory.put("capacityBytes", main.memory().capacityBytes());
                memory.put("peakPipelineRank", main.memory().peak().pipelineRank());
                ArrayNode ranks = memory.putArray("pipelineRanks");
                for (RankMemory rank : main.memory().ranks()) {
                    ObjectNode r = ranks.addObject();
                    r.put("pipelineRank", rank.pipelineRank());
                    r.put("firstGlobalRank", rank.firstGlobalRank());
                    r.put("totalBytes", rank.totalBytes());
                    r.put("holds", rank.holds());
                    r.put("weightBytes", rank.weightBytes());
                    r.put("gradientBytes", rank.gradientBytes());
                    r.put("optimizerBytes", rank.optimizerBytes());
                    r.put("activationBytes", rank.activationBytes());
                    r.put("temporaryBytes", rank.temporaryBytes());
                    r.put("reservedBytes", rank.reservedBytes());
                }
            }
        }
        ObjectNode cost = root.putObject("cost");
        putNumber(cost, "ownershipUsd", result.ownershipUsd());
        if (Double.isNaN(result.rentalUsd())) {
            cost.putNull("rentalUsd");
        } else {
            cost.put("rentalUsd", result.rentalUsd());
            ObjectNode rental = cost.putObject("rental");
            rental.put("usdPerGpuHour", result.gpuHours() > 0 ? result.rentalUsd() / result.gpuHours() : 0);
            ArrayNode parts = rental.putArray("parts");
            for (PhaseRun phase : result.phases()) { // each phase's GPU-hours at the same price
                ObjectNode o = parts.addObject();
                o.put("name", phase.name());
                o.put("usd", result.gpuHours() > 0 ? result.rentalUsd() * phase.gpuHours() / result.gpuHours() : 0);
            }
        }
        if (result.ownershipPool() != null && Double.isFinite(result.ownershipUsd())) {
            cost.set("ownership", ownershipNode(result.ownershipPool(), result.ownershipUsd()));
        }
        if (!report.calibration().isEmpty()) {
            ObjectNode calibration = root.putObject("calibration");
            calibration.put("source", report.calibration().get(0).source());
            ArrayNode rows = calibration.putArray("comparisons");
            for (CalibrationComparison row : report.calibration()) {
                ObjectNode o = rows.addObject();
                o.put("metric", row.metric());
                o.put("unit", row.unit());
                o.put("published", row.published());
                o.put("simulated", row.simulated());
                o.put("errorPercent", row.errorPercent());
            }
        }
        putAssumptions(root.putArray("assumptions"), result.assumptions());
        if (report.fleet() != null) {
            root.set("fleet", fleetTree(report.fleet()));
        }
        return root;
    }

    static double networkBytesPerSecondPerGpu(ClusterConfig cluster) {
        return cluster.node().nicAchievableBytesPerSecond() * cluster.node().nicsPerNode() / cluster.gpusPerNode();
    }

    /**
     * The run's ownership cost in parts: its share of a year of owning its cluster (depreciation of servers, network
     * and storage, electricity, facility, maintenance). The parts add up to {@code ownershipUsd}.
     */
    private ObjectNode ownershipNode(PoolCost pool, double ownershipUsd) {
        ObjectNode o = mapper.createObjectNode();
        double share = ownershipUsd / pool.tcoUsdPerYear();
        o.put("shareOfYear", share);
        o.put("capexUsd", pool.capexUsd());
        o.put("serverCapexUsd", pool.serverCapexUsd());
        o.put("networkCapexUsd", pool.networkCapexUsd());
        o.put("storageCapexUsd", pool.storageCapexUsd());
        o.put("tcoUsdPerYear", pool.tcoUsdPerYear());
        ArrayNode parts = o.putArray("parts");
        double capex = pool.capexUsd();
        double depreciation = pool.depreciationUsdPerYear();
        addPart(parts, "server depreciation", capex > 0 ? depreciation * pool.serverCapexUsd() / capex * share : 0);
        addPart(parts, "network depreciation", capex > 0 ? depreciation * pool.networkCapexUsd() / capex * share : 0);
        addPart(parts, "storage depreciation", capex > 0 ? depreciation * pool.storageCapexUsd() / capex * share : 0);
        addPart(parts, "electricity", pool.electricityUsdPerYear() * share);
        addPart(parts, "facility", pool.facilityUsdPerYear() * share);
        addPart(parts, "maintenance", pool.maintenanceUsdPerYear() * share);
        return o;
    }

    private static void addPart(ArrayNode parts, String name, double usd) {
        ObjectNode o = parts.addObject();
        o.put("name", name);
        o.put("usd", usd);
    }

    /** Most pipeline stages whose timeline result.json holds (and the report draws). */
    public static final int MAX_TIMELINE_STAGES = 16;

    /**
     * The stages whose timeline result.json keeps: all of them up to {@link #MAX_TIMELINE_STAGES}, else the first,
     * the last, the critical one and evenly spaced ones between. Stages between look alike, and a file of every op of
     * 64 stages would run to tens of megabytes (trace.json has every stage).
     */
    public static List<Integer> representativeStages(int stages, int critical) {
        java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
        if (stages <= MAX_TIMELINE_STAGES) {
            for (int i = 0; i < stages; i++) {
                chosen.add(i);
            }
            return List.copyOf(chosen);
        }
        chosen.add(0);
        chosen.add(stages - 1);
        if (critical >= 0 && critical < stages) {
            chosen.add(critical);
        }
        for (int i = 0; chosen.size() < MAX_TIMELINE_STAGES; i++) {
            chosen.add((int) Math.round((double) i * (stages - 1) / (MAX_TIMELINE_STAGES - 1)));
        }
        return List.copyOf(chosen);
    }

    /**
     * The main phase's timeline (per simulated pipeline rank, its compute and communication spans as parallel
     * arrays, integer ns from the start of the step) and the link utilisation derived from it.
     */
    private void addActivity(ObjectNode step, StepRunner.PhaseStep ps, ClusterConfig cluster) {
        StepResult result = ps.step();
        ArrayNode rankEnds = step.putArray("rankEndSeconds");
        result.rankEndSeconds().forEach(rankEnds::add);
        StepActivity activity = result.activity();
        if (activity.ranks().isEmpty()) {
            return;
        }
        ObjectNode timeline = step.putObject("timeline");
        ArrayNode kinds = timeline.putArray("communicationKinds");
        for (CommKind kind : CommKind.values()) {
            ObjectNode k = kinds.addObject();
            k.put("kind", kind.key());
            k.put("stream", kind.stream());
            k.put("label", kind.label());
        }
        List<Integer> shown = representativeStages(activity.ranks().size(), result.criticalPipelineRank());
        timeline.put("pipelineStages", activity.ranks().size());
        timeline.put("stagesShown", shown.size() == activity.ranks().size() ? "all"
                : "first, last, critical and evenly spaced between");
        ArrayNode ranks = timeline.putArray("pipelineRanks");
        for (int stage : shown) {
            StepActivity.RankActivity rank = activity.ranks().get(stage);
            ObjectNode r = ranks.addObject();
            r.put("pipelineRank", rank.pipelineRank());
            r.put("firstGlobalRank", ps.plan().firstRankOfStage(rank.pipelineRank()));
            r.put("endNs", rank.endNs());
            ObjectNode compute = r.putObject("compute");
            ArrayNode kind = compute.putArray("kind");
            ArrayNode microBatch = compute.putArray("microBatch");
            ArrayNode start = compute.putArray("startNs");
            ArrayNode end = compute.putArray("endNs");
            for (StepActivity.ComputeSpan span : rank.compute()) {
                kind.add(span.kind().key());
                microBatch.add(span.microBatch());
                start.add(span.startNs());
                end.add(span.endNs());
            }
            ObjectNode comm = r.putObject("communication");
            ArrayNode commKind = comm.putArray("kind");
            ArrayNode commStart = comm.putArray("startNs");
            ArrayNode commEnd = comm.putArray("endNs");
            ArrayNode nvlink = comm.putArray("nvlinkBytes");
            ArrayNode network = comm.putArray("networkBytes");
            for (StepActivity.CommSpan span : rank.communication()) {
                commKind.add(span.kind().key());
                commStart.add(span.startNs());
                commEnd.add(span.endNs());
                nvlink.add(span.bytes().nvlinkBytes());
                network.add(span.bytes().networkBytes());
            }
        }
        LinkUtilisation links = LinkUtilisation.of(activity, result.timeSeconds(), cluster, UTILISATION_BINS);
        ObjectNode l = step.putObject("linkUtilisation");
        l.put("basis", links.basis());
        l.put("binSeconds", links.binSeconds());
        ArrayNode tiers = l.putArray("tiers");
        for (LinkUtilisation.Tier tier : links.tiers()) {
            ObjectNode t = tiers.addObject();
            t.put("tier", tier.name());
            t.put("capacityBytesPerSecondPerGpu", tier.capacityBytesPerSecond());
            t.put("bytesPerGpu", tier.bytesPerGpu());
            t.put("meanUtilisation", tier.meanUtilisation());
            t.put("peakUtilisation", tier.peakUtilisation());
            ArrayNode values = t.putArray("utilisation");
            tier.utilisation().forEach(values::add);
        }
    }

    private ObjectNode stepNode(StepRunner.PhaseStep ps) {
        StepResult step = ps.step();
        ObjectNode s = mapper.createObjectNode();
        s.put("phase", ps.phase());
        s.put("timeSeconds", step.timeSeconds());
        s.put("tokensPerSecond", step.tokensPerSecond());
        s.put("tflopsPerGpu", step.tflopsPerGpu());
        s.put("mfu", step.mfu());
        s.put("tflopsPerGpuCausal", step.tflopsPerGpuCausal());
        s.put("mfuCausal", step.mfuCausal());
        s.put("schedule", step.schedule());
        s.put("microBatches", step.microBatches());
        s.put("mode", step.mode());
        s.put("communicationFidelity", step.communicationFidelity());
        s.put("criticalPipelineRank", step.criticalPipelineRank());
        s.put("imbalanceSeconds", step.imbalanceSeconds());
        s.put("plan", ps.plan().describe());
        if (!step.notes().isEmpty()) {
            s.put("notes", step.notes());
        }
        ObjectNode breakdown = s.putObject("breakdownSeconds");
        step.breakdownSeconds().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> breakdown.put(e.getKey(), e.getValue()));
        if (!step.phasesSeconds().isEmpty()) {
            ObjectNode phases = s.putObject("phasesSeconds");
            for (String key : new String[] {"forward", "bubble", "backwardInput", "backwardWeight", "steady",
                    "optimizer"}) {
                phases.put(key, step.phasesSeconds().getOrDefault(key, 0.0));
            }
        }
        return s;
    }

    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    public String toJson(RunResult result) {
        return mapper.writeValueAsString(toTree(result));
    }

    public String toJson(RunReport report) {
        return mapper.writeValueAsString(toTree(report));
    }

    /** Writes {@code result.json} to {@code out} (UTF-8), as {@link #toJson(RunReport)} gives it. */
    public void write(ObjectNode tree, java.io.OutputStream out) {
        mapper.writeValue(out, tree);
    }

    /** The same tree as text. */
    public String toJson(ObjectNode tree) {
        return mapper.writeValueAsString(tree);
    }

    /** {@code result.json} with a {@code fleet} object when the scenario describes a fleet ({@code fleet} may be null). */
    public String toJson(RunResult result, org.clustersim.scenario.fleet.FleetResult fleet) {
        ObjectNode root = toTree(result);
        if (fleet != null) {
            root.set("fleet", fleetTree(fleet));
        }
        return mapper.writeValueAsString(root);
    }

    /** The {@code fleet} object: totals over enabled pools, each pool, the reconciliation waterfall and ratios. */
    public ObjectNode fleetTree(org.clustersim.scenario.fleet.FleetResult fleet) {
        ObjectNode f = mapper.createObjectNode();
        f.put("gpus", fleet.gpus());
        f.put("capexUsd", fleet.capexUsd());
        f.put("serverCapexUsd", fleet.serverCapexUsd());
        f.put("networkCapexUsd", fleet.networkCapexUsd());
        f.put("storageCapexUsd", fleet.storageCapexUsd());
        f.put("opexUsdPerYear", fleet.opexUsdPerYear());
        f.put("electricityUsdPerYear", fleet.electricityUsdPerYear());
        f.put("facilityUsdPerYear", fleet.facilityUsdPerYear());
        f.put("maintenanceUsdPerYear", fleet.maintenanceUsdPerYear());
        f.put("depreciationUsdPerYear", fleet.depreciationUsdPerYear());
        f.put("tcoUsdPerYear", fleet.tcoUsdPerYear());
        f.put("facilityMegawatts", fleet.facilityWatts() / 1e6);
        f.put("peakBf16DenseFlopsPerSecond", fleet.peakBf16FlopsPerSecond());
        f.put("peakFp8DenseFlopsPerSecond", fleet.peakFp8FlopsPerSecond());
        f.put("reportedCapexUsd", fleet.reportedCapexUsd());
        f.put("capexRatioToReported", fleet.capexRatioToReported());
        f.put("reportedOpexUsdPerYear", fleet.reportedOpexUsdPerYear());
        f.put("tcoRatioToReportedOpex", fleet.tcoRatioToReported());
        f.put("opexRatioToReportedOpex", fleet.opexRatioToReported());
        f.put("researchShare", fleet.researchShare());
        f.put("inferenceShare", fleet.inferenceShare());
        f.put("runShare", fleet.runShare());
        f.put("runScalingMethod", fleet.runScalingMethod());
        f.put("runOwnedUsd", fleet.runOwnedUsd());
        f.put("runOwnedBasis", fleet.runOwnedBasis());
        ArrayNode pools = f.putArray("pools");
        for (org.clustersim.scenario.fleet.FleetResult.Pool pool : fleet.pools()) {
            ObjectNode p = pools.addObject();
            p.put("name", pool.name());
            p.put("gpu", pool.gpu());
            p.put("gpus", pool.cost().gpus());
            p.put("gpusPerNode", pool.gpusPerNode());
            p.put("serverUsdPerNode", pool.serverUsdPerNode());
            p.put("priceSource", pool.priceSource());
            p.put("capexUsd", pool.cost().capexUsd());
            p.put("serverCapexUsd", pool.cost().serverCapexUsd());
            p.put("networkCapexUsd", pool.cost().networkCapexUsd());
            p.put("storageCapexUsd", pool.cost().storageCapexUsd());
            p.put("opexUsdPerYear", pool.cost().opexUsdPerYear());
            p.put("electricityUsdPerYear", pool.cost().electricityUsdPerYear());
            p.put("facilityUsdPerYear", pool.cost().facilityUsdPerYear());
            p.put("maintenanceUsdPerYear", pool.cost().maintenanceUsdPerYear());
            p.put("depreciationUsdPerYear", pool.cost().depreciationUsdPerYear());
            p.put("tcoUsdPerYear", pool.cost().tcoUsdPerYear());
            p.put("facilityMegawatts", pool.cost().facilityWatts() / 1e6);
            p.put("peakBf16DenseFlopsPerSecond", pool.peakBf16FlopsPerSecond());
            p.put("peakFp8DenseFlopsPerSecond", pool.peakFp8FlopsPerSecond());
            p.put("runGpuHoursApprox", pool.runGpuHours());
            p.put("runDaysApprox", pool.runDays());
            p.put("runsPerYearApprox", pool.runsPerYear());
        }
        ArrayNode disabled = f.putArray("disabledPools");
        fleet.disabledPools().forEach(disabled::add);
        ArrayNode steps = f.putArray("reconciliation");
        for (org.clustersim.cost.Reconciliation.Step step : fleet.reconciliation()) {
            ObjectNode s = steps.addObject();
            s.put("name", step.name());
            s.put("usd", step.usd());
            s.put("basis", step.basis());
        }
        putAssumptions(f.putArray("assumptions"), fleet.assumptions());
        return f;
    }

    /** Each assumption as {name, value, unit, source}: the same shape for the run's and the fleet's. */
    private static void putAssumptions(ArrayNode into, java.util.List<Assumption> assumptions) {
        for (Assumption a : assumptions) {
            ObjectNode o = into.addObject();
            o.put("name", a.name());
            o.put("value", a.value());
            o.put("unit", a.unit());
            o.put("source", a.source());
        }
    }
}
