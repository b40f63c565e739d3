package org.clustersim.scenario.optimize;

import java.util.Map;
import org.clustersim.scenario.optimize.OptimizeResult.Evaluated;
import org.clustersim.workload.ParallelPlan;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code clustersim optimize --json}: field names are stable and carry their units, built field by field (as
 * {@code result.json} is) so that renaming a Java field cannot rename a contract field.
 */
public final class OptimizeJson {

    private final JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public String toJson(OptimizeResult r) {
        return mapper.writeValueAsString(toTree(r));
    }

    public ObjectNode toTree(OptimizeResult r) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", 1);
        root.put("scenario", r.scenarioName());
        ObjectNode phase = root.putObject("phase");
        phase.put("name", r.phase());
        phase.put("sequenceLength", r.sequenceLength());
        phase.put("globalBatch", r.globalBatch());
        phase.put("steps", r.steps());
        ObjectNode objective = root.putObject("objective");
        objective.put("kind", r.objective().kind().name().toLowerCase(java.util.Locale.ROOT));
        objective.put("timeWeight", r.objective().timeWeight());
        objective.put("description", r.objective().describe());

        ArrayNode spaces = root.putArray("spaces");
        for (OptimizeResult.SpaceSummary s : r.spaces()) {
            ObjectNode o = spaces.addObject();
            o.put("gpus", s.gpus());
            o.put("gpu", s.gpuId());
            o.put("plans", s.size());
            o.put("valid", s.valid());
            SearchSpace space = s.space();
            ObjectNode knobs = o.putObject("knobs");
            putInts(knobs.putArray("tensor"), space.tensor());
            putInts(knobs.putArray("pipeline"), space.pipeline());
            putInts(knobs.putArray("context"), space.context());
            putInts(knobs.putArray("expert"), space.expert());
            putInts(knobs.putArray("microBatch"), space.microBatch());
            putInts(knobs.putArray("zero"), space.zero());
            ArrayNode rc = knobs.putArray("recompute");
            space.recompute().forEach(m -> rc.add(m.name().toLowerCase(java.util.Locale.ROOT)));
            ArrayNode sc = knobs.putArray("schedules");
            space.schedules().forEach(c -> sc.add(c.describe()));
            ObjectNode fixed = o.putObject("fixed");
            fixed.put("precision", space.fixed().precision().name().toLowerCase(java.util.Locale.ROOT));
            fixed.put("optimizerMoments", space.fixed().optimizerMoments().name().toLowerCase(java.util.Locale.ROOT));
            fixed.put("commSms", space.fixed().commSms());
        }

        ObjectNode pruned = root.putObject("pruned");
        pruned.put("total", r.pruned().stream().mapToLong(OptimizeResult.PrunedReason::count).sum());
        ArrayNode reasons = pruned.putArray("byReason");
        for (OptimizeResult.PrunedReason p : r.pruned()) {
            ObjectNode o = reasons.addObject();
            o.put("key", p.key());
            o.put("reason", p.label());
            o.put("count", p.count());
            if (p.examplePlan() != null) {
                o.put("examplePlan", p.examplePlan().describe());
            }
            o.put("exampleMessage", p.exampleMessage());
        }

        ObjectNode search = root.putObject("search");
        search.put("screened", r.screened());
        search.put("simulated", r.simulated().size());
        search.put("boundsRefined", r.refined());
        search.put("minSimulations", r.settings().minSimulations());
        search.put("maxSimulations", r.settings().maxSimulations());
        search.put("top", r.top());
        search.put("topExact", r.topExact());
        search.put("unsimulatedBelowTop", r.remainingBelowTop());
        search.put("boundExact", r.exactBound());
        search.put("tieFraction", r.tieFraction());
        search.put("plansWithinTie", r.tiesSimulated());
        search.put("unsimulatedPossiblyWithinTie", r.tiesPossible());
        ObjectNode timings = search.putObject("timings");
        timings.put("enumerateSeconds", r.timings().enumerateSeconds());
        timings.put("screenSeconds", r.timings().screenSeconds());
        timings.put("simulateSeconds", r.timings().simulateSeconds());
        timings.put("totalSeconds", r.timings().totalSeconds());
        if (!Double.isNaN(r.timings().cpuSeconds())) {
            timings.put("cpuSeconds", r.timings().cpuSeconds());
        }
        timings.put("threads", r.timings().threads());

        ArrayNode top = root.putArray("top");
        Evaluated best = r.simulated().isEmpty() ? null : r.simulated().get(0);
        int shown = Math.min(r.top(), r.simulated().size());
        for (int i = 0; i < shown; i++) {
            Evaluated e = r.simulated().get(i);
            ObjectNode o = plan(top.addObject(), e, best);
            o.put("rank", 1 + r.simulated().stream().filter(d -> d.objective() < e.objective()).count());
        }
        if (r.own() != null) {
            ObjectNode own = root.putObject("scenarioPlan");
            if (r.own().plan() != null) {
                own.put("plan", r.own().plan().describe());
            }
            if (r.own().evaluated() == null) {
                own.put("problem", r.own().problem());
            } else {
                plan(own.putObject("result"), r.own().evaluated(), best);
                own.put("rank", r.own().rank());
                own.put("rankUpTo", r.own().rankUpTo());
                own.put("rankExact", r.own().rank() == r.own().rankUpTo());
                own.put("outOf", r.own().outOf());
                own.put("outsideSpace", r.own().evaluated().screened().outsideSpace());
            }
        }
        ArrayNode schedules = root.putArray("bestBySchedule");
        for (OptimizeResult.ScheduleBest s : r.bySchedule()) {
            ObjectNode o = schedules.addObject();
            o.put("schedule", s.schedule());
            o.put("valid", s.valid());
            o.put("lowerBoundObjective", s.bestBound());
            o.put("lowerBoundStepSeconds", s.bestBoundSeconds());
            if (s.best() != null) {
                o.put("rank", s.bestRank());
                o.put("plan", s.best().plan().describe());
                o.put("stepSeconds", s.best().step().timeSeconds());
                o.put("bestOfScheduleProven", s.exact());
            }
        }
        ObjectNode lost = root.putObject("lostBecause");
        lost.put("notSimulated", r.screened() - r.simulated().size());
        ObjectNode parts = lost.putObject("simulatedOutsideTop");
        r.lostBecause().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.put(e.getKey(), e.getValue()));
        return root;
    }

    private static ObjectNode plan(ObjectNode o, Evaluated e, Evaluated best) {
        ParallelPlan p = e.plan();
        ObjectNode plan = o.putObject("plan");
        plan.put("tensor", p.tensor());
        plan.put("pipeline", p.pipeline());
        plan.put("virtualStages", p.virtualStages());
        plan.put("expert", p.expert());
        plan.put("data", p.data());
        plan.put("context", p.context());
        plan.put("zero", p.zero());
        plan.put("microBatch", p.microBatch());
        plan.put("schedule", p.schedule().spelling());
        plan.put("recompute", p.recompute().name().toLowerCase(java.util.Locale.ROOT));
        plan.put("precision", p.precision().name().toLowerCase(java.util.Locale.ROOT));
        o.put("description", p.describe());
        o.put("gpus", e.target().gpus());
        o.put("stepSeconds", e.step().timeSeconds());
        o.put("lowerBoundSeconds", e.screened().boundSeconds());
        o.put("tokensPerSecond", e.step().tokensPerSecond());
        o.put("mfu", e.step().mfu());
        o.put("tflopsPerGpu", e.step().tflopsPerGpu());
        if (!Double.isNaN(e.screened().peakBytes())) {
            o.put("peakMemoryBytes", e.screened().peakBytes());
        }
        o.put("memoryCapacityBytes", e.screened().capacityBytes());
        o.put("runSeconds", Objective.runSeconds(e.target(), e.step().timeSeconds()));
        o.put("gpuHours", Objective.gpuHours(e.target(), e.step().timeSeconds()));
        double rental = Objective.rentalUsd(e.target(), e.step().timeSeconds());
        if (!Double.isNaN(rental)) {
            o.put("rentalUsd", rental);
        }
        o.put("objective", e.objective());
        ObjectNode parts = o.putObject("breakdownSeconds");
        Breakdown.of(e.step()).forEach(parts::put);
        if (best != null && e != best) {
            ObjectNode behind = o.putObject("behindBestSeconds");
            Breakdown.delta(Breakdown.of(e.step()), Breakdown.of(best.step())).forEach(behind::put);
        }
        return o;
    }

    private static void putInts(ArrayNode array, java.util.List<Integer> values) {
        values.forEach(array::add);
    }
}
