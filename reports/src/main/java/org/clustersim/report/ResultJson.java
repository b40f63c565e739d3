package org.clustersim.report;

import org.clustersim.hardware.ClusterConfig;
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

    public ObjectNode toTree(RunResult result) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", 1);
        root.put("toolVersion", result.toolVersion());
        ObjectNode scenario = root.putObject("scenario");
        scenario.put("name", result.scenarioName());
        if (result.description() != null) {
            scenario.put("description", result.description());
        }
        scenario.put("file", result.sourceFile());

        ClusterConfig cluster = result.cluster();
        ObjectNode c = root.putObject("cluster");
        c.put("gpu", cluster.gpu().id());
        c.put("nodes", cluster.nodes());
        c.put("gpusPerNode", cluster.gpusPerNode());
        c.put("gpus", cluster.gpuCount());
        c.put("peakBf16DenseFlopsPerGpu", cluster.gpu().bf16DenseFlopsPerSecond());

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
            root.set("step", stepNode(result.steps().get(0)));
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
                    r.put("totalBytes", rank.totalBytes());
                    r.put("holds", rank.holds());
                }
            }
        }
        ObjectNode cost = root.putObject("cost");
        putNumber(cost, "ownershipUsd", result.ownershipUsd());
        if (Double.isNaN(result.rentalUsd())) {
            cost.putNull("rentalUsd");
        } else {
            cost.put("rentalUsd", result.rentalUsd());
        }
        ArrayNode assumptions = root.putArray("assumptions");
        for (Assumption a : result.assumptions()) {
            ObjectNode o = assumptions.addObject();
            o.put("name", a.name());
            o.put("value", a.value());
            o.put("unit", a.unit());
            o.put("source", a.source());
        }
        return root;
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
        ArrayNode assumptions = f.putArray("assumptions");
        for (Assumption a : fleet.assumptions()) {
            ObjectNode o = assumptions.addObject();
            o.put("name", a.name());
            o.put("value", a.value());
            o.put("unit", a.unit());
            o.put("source", a.source());
        }
        return f;
    }
}
