package org.clustersim.scenario.sweep;

import java.util.List;
import java.util.Objects;
import org.clustersim.error.UserError;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioLoader;
import org.clustersim.scenario.run.RunResult;
import org.clustersim.scenario.run.ScenarioRunner;
import org.clustersim.scenario.source.Node;
import org.clustersim.scenario.source.Node.MapNode;
import org.clustersim.scenario.step.StepCache;
import org.clustersim.scenario.step.StepRunner;
import org.clustersim.step.StepOptions;
import org.clustersim.step.StepResult;

/**
 * Runs one sweep point: the base tree with the point's overrides, loaded and run exactly as {@code clustersim run
 * --set ...} would, its steps looked up in a shared cache. A user error makes the point invalid (with the message a run
 * would print); anything else is recorded as an error (a bug) and the sweep goes on. Safe to call from many threads.
 */
public final class PointRunner {

    private final Sweep sweep;
    private final ScenarioLoader loader;
    private final ScenarioRunner runner;
    private final ScenarioRunner runnerOrBusy;
    private final String toolVersion;

    public PointRunner(Sweep sweep, ScenarioLoader loader, String toolVersion, StepCache cache) {
        this.sweep = Objects.requireNonNull(sweep, "sweep");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.toolVersion = Objects.requireNonNull(toolVersion, "toolVersion");
        this.runner = new ScenarioRunner(toolVersion, loader.catalog(), cache);
        this.runnerOrBusy = new ScenarioRunner(toolVersion, loader.catalog(), cache.orBusy());
    }

    public Sweep sweep() {
        return sweep;
    }

    /** Runs the point, waiting for any step another thread is simulating. */
    public PointResult run(SweepPoint point) {
        return run(point, runner);
    }

    /**
     * Runs the point unless it needs a step another thread is simulating right now; then returns empty at once (after
     * the little work of loading it), so the caller can run another point and come back to this one.
     */
    public java.util.Optional<PointResult> runUnlessBusy(SweepPoint point) {
        try {
            return java.util.Optional.of(run(point, runnerOrBusy));
        } catch (StepCache.Busy busy) {
            return java.util.Optional.empty();
        }
    }

    private PointResult run(SweepPoint point, ScenarioRunner scenarioRunner) {
        long start = System.nanoTime();
        List<String> arguments = point.arguments();
        MapNode tree = null;
        try {
            tree = loader.override(sweep.baseTree(), arguments);
            Scenario scenario = loader.load(tree, sweep.baseFile(), List.of());
            RunResult result = scenarioRunner.run(scenario, StepOptions.BALANCED);
            return fromRun(point, tree, result, seconds(start));
        } catch (StepCache.Busy busy) {
            throw busy;
        } catch (UserError e) {
            return failed(point, tree, PointResult.Status.INVALID, e.userMessage(), start);
        } catch (RuntimeException | StackOverflowError e) {
            return failed(point, tree, PointResult.Status.ERROR, "internal error: " + e
                    + " (this is a bug in clustersim; rerun the point with 'clustersim run --debug')", start);
        }
    }

    /** An error result for a point that could not be run at all (its runs kept failing elsewhere). */
    public PointResult error(SweepPoint point, String reason) {
        MapNode tree = null;
        try {
            tree = loader.override(sweep.baseTree(), point.arguments());
        } catch (UserError e) {
            // the reason says what went wrong; the hash stays unknown
        }
        return failed(point, tree, PointResult.Status.ERROR, reason, System.nanoTime());
    }

    private PointResult failed(SweepPoint point, MapNode tree, PointResult.Status status, String reason,
                               long start) {
        MapNode t = tree != null ? tree : sweep.baseTree();
        return PointResult.failed(sweep.id(), point, seedOf(t), tree == null ? null : TreeHash.of(tree), toolVersion,
                status, reason, seconds(start));
    }

    private PointResult fromRun(SweepPoint point, MapNode tree, RunResult r, double elapsed) {
        String phase = null;
        double stepSeconds = Double.NaN;
        double tokensPerSecond = Double.NaN;
        double mfu = Double.NaN;
        if (!r.steps().isEmpty()) {
            StepRunner.PhaseStep first = r.steps().get(0);
            StepResult step = first.step();
            phase = first.phase();
            stepSeconds = step.timeSeconds();
            tokensPerSecond = step.tokensPerSecond();
            mfu = step.mfu();
        }
        return new PointResult(sweep.id(), point.index(), point.overrides(), seedOf(tree), TreeHash.of(tree),
                toolVersion, PointResult.Status.OK, null, phase, stepSeconds, tokensPerSecond, mfu,
                r.cluster().gpuCount(), r.timeSeconds(), r.gpuHours(), r.goodput(), r.rentalUsd(), r.ownershipUsd(),
                elapsed);
    }

    /** The scenario's master seed as the runner reads it: {@code training.seed}, default 1. */
    static long seedOf(MapNode tree) {
        if (tree.get("training") instanceof MapNode training
                && training.get("seed") instanceof Node.ScalarNode seed && seed.type() == Node.ScalarType.INTEGER) {
            try {
                return Long.parseLong(seed.text().replace("_", ""));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        return 1;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
