package org.clustersim.scenario.optimize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clustersim.step.StepResult;

/**
 * A simulated step cut into the parts a reader compares plans by: compute (without recomputation), recomputation,
 * pipeline bubble, exposed communication by kind (tensor, expert all-to-all, context, ZeRO-3 gathers, data-parallel
 * gradient sync) and the optimizer step. The parts add up to the step time, as {@link StepResult#breakdownSeconds()}
 * does.
 */
final class Breakdown {

    static final String COMPUTE = "compute";
    static final String RECOMPUTE = "recompute";
    static final String BUBBLE = "bubble";
    static final String OPTIMIZER = "optimizer";

    private Breakdown() {
    }

    /** The parts of a step, in a fixed order; zero parts left out. */
    static Map<String, Double> of(StepResult step) {
        Map<String, Double> out = new LinkedHashMap<>();
        double compute = 0;
        double recompute = 0;
        Map<String, Double> exposed = new LinkedHashMap<>();
        double bubble = 0;
        double optimizer = 0;
        // in key order: the simulator's map has no stable order, and sums must not change from run to run
        for (var e : new java.util.TreeMap<>(step.breakdownSeconds()).entrySet()) {
            String key = e.getKey();
            double v = e.getValue();
            if (key.equals("compute.recompute")) {
                recompute += v;
            } else if (key.startsWith("compute.")) {
                compute += v;
            } else if (key.startsWith("exposedComm.")) {
                exposed.merge(exposedName(key.substring("exposedComm.".length())), v, Double::sum);
            } else if (key.equals("bubble")) {
                bubble += v;
            } else if (key.equals("optimizer")) {
                optimizer += v;
            } else {
                exposed.merge(key, v, Double::sum);
            }
        }
        put(out, COMPUTE, compute);
        put(out, RECOMPUTE, recompute);
        put(out, BUBBLE, bubble);
        exposed.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> put(out, e.getKey(),
                e.getValue()));
        put(out, OPTIMIZER, optimizer);
        return out;
    }

    /** How users read the simulator's communication kinds. */
    static String exposedName(String kind) {
        return switch (kind) {
            case "expert" -> "exposed all-to-all";
            case "tensor" -> "exposed tensor-parallel";
            case "context" -> "exposed context-parallel";
            case "zero" -> "exposed ZeRO-3 gathers";
            case "dataParallel" -> "data-parallel sync";
            default -> "exposed " + kind;
        };
    }

    /** Parts where {@code plan} takes longer than {@code best}, largest first, in seconds (only positive ones). */
    static Map<String, Double> delta(Map<String, Double> plan, Map<String, Double> best) {
        List<Map.Entry<String, Double>> diffs = new ArrayList<>();
        for (var e : plan.entrySet()) {
            double d = e.getValue() - best.getOrDefault(e.getKey(), 0.0);
            if (d > 1e-9) {
                diffs.add(Map.entry(e.getKey(), d));
            }
        }
        diffs.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        Map<String, Double> out = new LinkedHashMap<>();
        diffs.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static void put(Map<String, Double> out, String key, double value) {
        if (value != 0) {
            out.put(key, value);
        }
    }
}
