package org.clustersim.report;

import org.clustersim.hardware.ClusterConfig;
import org.clustersim.run.Assumption;
import org.clustersim.run.ComputeOnlyRun;
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

        ComputeOnlyRun.Estimate estimate = result.estimate();
        ObjectNode run = root.putObject("run");
        run.put("model", "compute-only");
        run.put("timeSeconds", estimate.timeSeconds());
        run.put("wallClockDays", estimate.timeSeconds() / 86400.0);
        run.put("gpuHours", estimate.gpuHours());
        run.put("eventsSimulated", estimate.eventsFired());
        ArrayNode phases = run.putArray("phases");
        for (ComputeOnlyRun.PhaseEstimate phase : estimate.phases()) {
            ObjectNode p = phases.addObject();
            p.put("name", phase.name());
            p.put("flops", phase.flops());
            p.put("timeSeconds", phase.timeSeconds());
            p.put("days", phase.timeSeconds() / 86400.0);
            p.put("gpuHours", phase.gpuHours());
        }
        ObjectNode cost = root.putObject("cost");
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

    public String toJson(RunResult result) {
        return mapper.writeValueAsString(toTree(result));
    }
}
