package org.clustersim.network.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WaterFillingSolverTest {

    /** A problem in the solver's CSR form. */
    record Problem(int variables, int[] offsets, int[] resources, double[] coefs, int resourceCount,
                   double[] capacity) {

        double[] solve() {
            double[] rates = new double[variables];
            new WaterFillingSolver().solve(variables, offsets, resources, coefs, resourceCount, capacity, rates, null);
            return rates;
        }
    }

    static Problem problem(int resourceCount, double[] capacity, List<int[]> res, List<double[]> coef) {
        int v = res.size();
        int[] offsets = new int[v + 1];
        List<Integer> r = new ArrayList<>();
        List<Double> c = new ArrayList<>();
        for (int i = 0; i < v; i++) {
            offsets[i] = r.size();
            for (int j = 0; j < res.get(i).length; j++) {
                r.add(res.get(i)[j]);
                c.add(coef.get(i)[j]);
            }
        }
        offsets[v] = r.size();
        return new Problem(v, offsets, r.stream().mapToInt(Integer::intValue).toArray(),
                c.stream().mapToDouble(Double::doubleValue).toArray(), resourceCount, capacity);
    }

    @Test
    void textbookExample() {
        // Bertsekas & Gallager: link A (cap 1) carries f1 and f2, link B (cap 2) carries f2 and f3
        Problem p = problem(2, new double[] {1, 2}, List.of(new int[] {0}, new int[] {0, 1}, new int[] {1}),
                List.of(new double[] {1}, new double[] {1, 1}, new double[] {1}));
        assertThat(p.solve()).containsExactly(0.5, 0.5, 1.5);
    }

    @Test
    void aClassWithMultiplicityGetsThePerMemberShare() {
        // 3 identical flows folded into one variable (coefficient 3) beside one single flow, on a link of 8
        Problem p = problem(1, new double[] {8}, List.of(new int[] {0}, new int[] {0}),
                List.of(new double[] {3}, new double[] {1}));
        assertThat(p.solve()).containsExactly(2.0, 2.0);
    }

    @Test
    void variableOnNoResourceIsUnbounded() {
        Problem p = problem(1, new double[] {8}, List.of(new int[0], new int[] {0}),
                List.of(new double[0], new double[] {1}));
        assertThat(p.solve()).containsExactly(Double.POSITIVE_INFINITY, 8.0);
    }

    /**
     * Random problems: the result must be feasible and max-min fair, which characterises the unique solution: every
     * variable crosses a saturated resource on which no other variable gets more.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void randomProblemsAreFeasibleAndMaxMinFair(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int resources = 2 + rnd.nextInt(40);
        int variables = 1 + rnd.nextInt(200);
        double[] cap = new double[resources];
        for (int r = 0; r < resources; r++) {
            cap[r] = 1 + rnd.nextInt(100) * rnd.nextDouble();
        }
        List<int[]> res = new ArrayList<>();
        List<double[]> coef = new ArrayList<>();
        for (int v = 0; v < variables; v++) {
            int k = 1 + rnd.nextInt(Math.min(6, resources));
            int[] rs = rnd.ints(0, resources).distinct().limit(k).toArray();
            double[] cs = new double[k];
            for (int j = 0; j < k; j++) {
                cs[j] = rnd.nextBoolean() ? 1 + rnd.nextInt(5) : 1.0 / (1 + rnd.nextInt(8));
            }
            res.add(rs);
            coef.add(cs);
        }
        Problem p = problem(resources, cap, res, coef);
        double[] x = p.solve();
        double[] load = new double[resources];
        for (int v = 0; v < variables; v++) {
            for (int j = 0; j < res.get(v).length; j++) {
                load[res.get(v)[j]] += coef.get(v)[j] * x[v];
            }
        }
        for (int r = 0; r < resources; r++) {
            assertThat(load[r]).isLessThanOrEqualTo(cap[r] * (1 + 1e-9));
        }
        for (int v = 0; v < variables; v++) {
            boolean bottleneck = false;
            for (int r : res.get(v)) {
                if (load[r] < cap[r] * (1 - 1e-9)) {
                    continue;
                }
                boolean largest = true;
                for (int u = 0; u < variables && largest; u++) {
                    for (int q : res.get(u)) {
                        if (q == r && x[u] > x[v] * (1 + 1e-9)) {
                            largest = false;
                        }
                    }
                }
                bottleneck |= largest;
            }
            assertThat(bottleneck).as("variable %d has a bottleneck", v).isTrue();
        }
    }

    /** Folding m identical flows into one variable of coefficient m gives the rates of the flows one by one. */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25})
    void classesGiveThePerFlowRates(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int resources = 3 + rnd.nextInt(10);
        double[] cap = rnd.doubles(resources, 1, 50).toArray();
        List<int[]> classRes = new ArrayList<>();
        List<double[]> classCoef = new ArrayList<>();
        List<int[]> flowRes = new ArrayList<>();
        List<double[]> flowCoef = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        int classes = 1 + rnd.nextInt(12);
        for (int c = 0; c < classes; c++) {
            int m = 1 + rnd.nextInt(7);
            int k = 1 + rnd.nextInt(Math.min(4, resources));
            int[] rs = rnd.ints(0, resources).distinct().limit(k).toArray();
            double[] share = new double[k];
            double[] agg = new double[k];
            for (int j = 0; j < k; j++) {
                share[j] = 1.0 / (1 + rnd.nextInt(4));
                agg[j] = m * share[j];
            }
            classRes.add(rs);
            classCoef.add(agg);
            for (int i = 0; i < m; i++) {
                flowRes.add(rs);
                flowCoef.add(share);
                owner.add(c);
            }
        }
        double[] byClass = problem(resources, cap, classRes, classCoef).solve();
        double[] byFlow = problem(resources, cap, flowRes, flowCoef).solve();
        for (int f = 0; f < byFlow.length; f++) {
            assertThat(byFlow[f]).isCloseTo(byClass[owner.get(f)], offset(byClass[owner.get(f)] * 1e-9));
        }
    }
}
