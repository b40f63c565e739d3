package org.clustersim.scenario.step;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.spec.ParallelismSpec;
import org.clustersim.step.StepOptions;
import org.clustersim.workload.ComputeEfficiencyParameters;

/**
 * Fits the compute model's named parameters to published runs by least squares on relative error, each case's error
 * divided by its stated uncertainty ({@link CalibrationCase#uncertaintyPercent()}, 5% unless the file says more), with
 * Commons
 * Math's BOBYQA (bounded, derivative-free: each evaluation is a set of step simulations). Fitted:
 * maxGemmEfficiency, halfEfficiencyIntensity and fp8GemmScale. attentionEfficiency, hbmEfficiency and the launch
 * overhead keep their stated values: streaming bandwidth and launch latency are not what these runs measure, and no
 * calibration run identifies fused attention (the Megatron rows materialize scores with GEMMs; in DeepSeek-V3's 4K
 * step attention is about an eighth of the FLOPs, so fitting it beside fp8GemmScale on that one case drove it to its
 * bound of 1.0, faster than any published kernel, and long-context phases came out too fast).
 */
public final class Calibrator {

    /** One case's prediction against its published value. */
    public record Row(CalibrationCase calibrationCase, double predicted, double leaveOneOut) {

        public double errorPercent() {
            return 100 * (predicted - calibrationCase.published()) / calibrationCase.published();
        }

        public double leaveOneOutErrorPercent() {
            return 100 * (leaveOneOut - calibrationCase.published()) / calibrationCase.published();
        }
    }

    /**
     * Fitted parameters and the residual they leave.
     *
     * @param rmsRelativeError root mean square of the cases' relative errors, unweighted
     */
    public record Fit(ComputeEfficiencyParameters parameters, double rmsRelativeError, int evaluations) {
    }

    /** Bounds of maxGemmEfficiency, halfEfficiencyIntensity, fp8GemmScale. */
    static final double[] LOWER = {0.30, 0.0, 0.30};
    static final double[] UPPER = {1.00, 5.0, 1.00};
    static final int MAX_EVALUATIONS = 400;

    private final Catalog catalog;
    /** Supplies the stated (not fitted) parameters: attention, HBM and launch overhead. */
    private final ComputeEfficiencyParameters start;

    public Calibrator(Catalog catalog, ComputeEfficiencyParameters start) {
        this.catalog = catalog;
        this.start = start;
    }

    public double predict(CalibrationCase c, ComputeEfficiencyParameters parameters) {
        StepRunner.Steps steps = new StepRunner(catalog, parameters).run(c.scenario(), StepOptions.BALANCED);
        StepRunner.PhaseStep first = steps.phases().get(0);
        return c.predicted(steps.model(), first.step(), (int) first.plan().gpus(),
                first.training().sequenceLength(), first.training().globalBatch());
    }

    public Fit fit(List<CalibrationCase> cases) {
        // fp8GemmScale is fitted only when some case runs FP8 GEMMs on FP8 tensor cores; otherwise nothing informs it
        // and it keeps its documented prior (BOBYQA, left free on a flat direction, ends wherever it last sampled)
        boolean fp8 = cases.stream().anyMatch(Calibrator::runsFp8);
        int free = fp8 ? 3 : 2;
        ComputeEfficiencyParameters initial = ComputeEfficiencyParameters.INITIAL;
        int[] evaluations = {0};
        MultivariateFunction objective = x -> {
            evaluations[0]++;
            ComputeEfficiencyParameters p = parameters(full(x, initial));
            double sum = 0;
            for (CalibrationCase c : cases) {
                double e = (predict(c, p) / c.published() - 1) / (c.uncertaintyPercent() / 100);
                sum += e * e;
            }
            return sum;
        };
        // Every fit starts from the documented initial values, never from an earlier fit: a leave-one-out refit that
        // started from the full fit would keep, for a parameter no remaining case informs (fp8GemmScale without the
        // FP8 runs), the value the left-out case chose, and report a leave-one-out error of zero.
        double[] all = {initial.maxGemmEfficiency(), initial.halfEfficiencyIntensity(), initial.fp8GemmScale()};
        double[] guess = java.util.Arrays.copyOf(all, free);
        for (int i = 0; i < free; i++) {
            guess[i] = Math.min(UPPER[i], Math.max(LOWER[i], guess[i]));
        }
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * free + 1, 0.05, 1e-4);
        PointValuePair best = optimizer.optimize(new MaxEval(MAX_EVALUATIONS), new ObjectiveFunction(objective),
                GoalType.MINIMIZE, new InitialGuess(guess), new SimpleBounds(java.util.Arrays.copyOf(LOWER, free),
                        java.util.Arrays.copyOf(UPPER, free)));
        ComputeEfficiencyParameters fitted = parameters(full(best.getPoint(), initial));
        double squares = 0;
        for (CalibrationCase c : cases) {
            double e = predict(c, fitted) / c.published() - 1;
            squares += e * e;
        }
        return new Fit(fitted, Math.sqrt(squares / cases.size()), evaluations[0]);
    }

    /** Predictions with {@code parameters}, and each case predicted by a fit that left it out (when asked). */
    public List<Row> validate(List<CalibrationCase> cases, ComputeEfficiencyParameters parameters,
                              boolean leaveOneOut) {
        List<Row> rows = new ArrayList<>();
        for (CalibrationCase c : cases) {
            double loo = leaveOneOut ? leaveOneOut(cases, c) : Double.NaN;
            rows.add(new Row(c, predict(c, parameters), loo));
        }
        return rows;
    }

    /** {@code left}'s prediction by parameters fitted on every other case. */
    public double leaveOneOut(List<CalibrationCase> cases, CalibrationCase left) {
        List<CalibrationCase> others = new ArrayList<>(cases);
        others.remove(left);
        return predict(left, fit(others).parameters());
    }

    /** The three fitted values from the free ones, fp8GemmScale at its prior when it is not free. */
    private static double[] full(double[] x, ComputeEfficiencyParameters initial) {
        return x.length == 3 ? x : new double[] {x[0], x[1], initial.fp8GemmScale()};
    }

    /** True when the case's step runs FP8 GEMMs on FP8 tensor cores (what fp8GemmScale describes). */
    static boolean runsFp8(CalibrationCase c) {
        var parallelism = c.scenario().spec().value().parallelism();
        return parallelism != null && parallelism.precision() == ParallelismSpec.Precision.FP8
                && c.scenario().cluster().gpu().supportsFp8();
    }

    private ComputeEfficiencyParameters parameters(double[] x) {
        return new ComputeEfficiencyParameters(x[0], x[1], x[2], start.attentionEfficiency(), start.hbmEfficiency(),
                start.launchOverheadSeconds());
    }
}
