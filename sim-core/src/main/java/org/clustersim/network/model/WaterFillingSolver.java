package org.clustersim.network.model;

import java.util.Arrays;

/**
 * Max-min fair rates by progressive filling (Bertsekas and Gallager; network-and-collectives.md §2.4), over variables
 * that each stand for a class of identical flows.
 *
 * <p>The problem: variables c (flow classes) with per-member rate x_c, resources r with capacity cap_r, and
 * coefficients a[c][r] &gt; 0 (the summed shares of c's members on r). Constraint: sum_c a[c][r] x_c &lt;= cap_r.
 * All unfrozen variables rise together; a resource saturates at level (cap_r - frozen load_r) / (sum of unfrozen
 * a[c][r]); the resource with the lowest level saturates first and freezes every variable on it at that level. An
 * indexed binary heap keyed by the saturation level finds it. A freeze only raises the levels of the other resources
 * it touches, so keys may go stale only upwards: they stay lower bounds and are corrected when a resource reaches the
 * top of the heap (pushed back down if its true level is higher), which costs a freeze O(1) per incidence instead of
 * a heap update. O(I + R log R x re-keys) for I incidences and R resources.
 *
 * <p>Scratch arrays are kept between calls, so a solver reused by one model allocates only when a problem outgrows
 * every earlier one. Not thread-safe.
 */
public final class WaterFillingSolver {

    private double[] weight = new double[0];   // sum of unfrozen coefficients per resource
    private int[] unfrozen = new int[0];       // unfrozen variables per resource
    private double[] residual = new double[0]; // capacity minus frozen load
    private int[] tOffsets = new int[1];       // transposed incidence: resource -> variables
    private int[] tVariables = new int[0];
    private int[] heap = new int[0];
    private int[] heapPos = new int[0];
    private double[] key = new double[0];
    private boolean[] frozen = new boolean[0];
    private int heapSize;

    /**
     * Solves one problem.
     *
     * @param variableCount variables, numbered from 0
     * @param offsets       CSR: variable c owns entries offsets[c] .. offsets[c+1]-1 (length variableCount + 1)
     * @param resources     resource of each entry, numbered 0 .. resourceCount-1 (no repeats within a variable)
     * @param coefficients  coefficient of each entry, &gt; 0; null when every coefficient is 1 (single-path flows,
     *                      or ECMP stages folded into one resource), which saves reading them
     * @param capacity      capacity of each resource, &gt;= 0
     * @param rates         out: per-member rate of each variable; +infinity for a variable on no resource
     * @param load          out (may be null): load of each resource at the solution
     */
    public void solve(int variableCount, int[] offsets, int[] resources, double[] coefficients, int resourceCount,
            double[] capacity, double[] rates, double[] load) {
        ensure(variableCount, resourceCount, offsets[variableCount]);
        Arrays.fill(weight, 0, resourceCount, 0.0);
        Arrays.fill(unfrozen, 0, resourceCount, 0);
        Arrays.fill(tOffsets, 0, resourceCount + 1, 0);
        for (int c = 0; c < variableCount; c++) {
            frozen[c] = false;
            rates[c] = Double.POSITIVE_INFINITY;
            for (int e = offsets[c]; e < offsets[c + 1]; e++) {
                int r = resources[e];
                weight[r] += coefficients == null ? 1.0 : coefficients[e];
                unfrozen[r]++;
            }
        }
        // transposed CSR by counting sort
        for (int r = 0; r < resourceCount; r++) {
            tOffsets[r + 1] = tOffsets[r] + unfrozen[r];
        }
        int[] fill = heapPos; // reuse as cursor; heapPos is rebuilt below
        System.arraycopy(tOffsets, 0, fill, 0, resourceCount);
        for (int c = 0; c < variableCount; c++) {
            for (int e = offsets[c]; e < offsets[c + 1]; e++) {
                tVariables[fill[resources[e]]++] = c;
            }
        }
        heapSize = 0;
        for (int r = 0; r < resourceCount; r++) {
            residual[r] = capacity[r];
            heapPos[r] = -1;
            if (unfrozen[r] > 0) {
                key[r] = capacity[r] / weight[r];
                heap[heapSize] = r;
                heapPos[r] = heapSize++;
            }
        }
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
        double level = 0;
        while (heapSize > 0) {
            int r = heap[0];
            if (unfrozen[r] == 0) {
                removeAt(0); // every variable on it froze elsewhere
                continue;
            }
            // Keys are lower bounds: a freeze only raises the levels of the resources it touches, and they are
            // re-keyed here, when they surface, rather than on every freeze. If the true level is above the next
            // key, push r back down and look again.
            double current = Math.max(level, Math.max(residual[r], 0) / weight[r]);
            if (current > key[r]) {
                key[r] = current;
                siftDown(0);
                if (heap[0] != r) {
                    continue;
                }
            }
            removeAt(0);
            level = current;
            for (int t = tOffsets[r]; t < tOffsets[r + 1]; t++) {
                int c = tVariables[t];
                if (frozen[c]) {
                    continue;
                }
                frozen[c] = true;
                rates[c] = level;
                if (coefficients == null) {
                    for (int e = offsets[c]; e < offsets[c + 1]; e++) {
                        int q = resources[e];
                        residual[q] -= level;
                        weight[q] -= 1.0;
                        unfrozen[q]--;
                    }
                } else {
                    for (int e = offsets[c]; e < offsets[c + 1]; e++) {
                        int q = resources[e];
                        double a = coefficients[e];
                        residual[q] -= a * level;
                        weight[q] -= a;
                        unfrozen[q]--;
                    }
                }
            }
        }
        if (load != null) {
            for (int r = 0; r < resourceCount; r++) {
                load[r] = Math.max(0, capacity[r] - residual[r]);
            }
        }
    }

    private void ensure(int variables, int resourceCount, int incidences) {
        if (frozen.length < variables) {
            frozen = new boolean[Math.max(variables, frozen.length * 2)];
        }
        if (weight.length < resourceCount) {
            int n = Math.max(resourceCount, weight.length * 2);
            weight = new double[n];
            unfrozen = new int[n];
            residual = new double[n];
            tOffsets = new int[n + 1];
            heap = new int[n];
            heapPos = new int[n];
            key = new double[n];
        }
        if (tVariables.length < incidences) {
            tVariables = new int[Math.max(incidences, tVariables.length * 2)];
        }
    }

    private void removeAt(int pos) {
        int r = heap[pos];
        heapPos[r] = -1;
        heapSize--;
        if (pos == heapSize) {
            return;
        }
        int last = heap[heapSize];
        heap[pos] = last;
        heapPos[last] = pos;
        siftDown(pos);
        siftUp(heapPos[last]);
    }

    private void siftUp(int pos) {
        int r = heap[pos];
        double k = key[r];
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            int p = heap[parent];
            if (key[p] <= k) {
                break;
            }
            heap[pos] = p;
            heapPos[p] = pos;
            pos = parent;
        }
        heap[pos] = r;
        heapPos[r] = pos;
    }

    private void siftDown(int pos) {
        int r = heap[pos];
        double k = key[r];
        int half = heapSize >>> 1;
        while (pos < half) {
            int child = 2 * pos + 1;
            int c = heap[child];
            int right = child + 1;
            if (right < heapSize && key[heap[right]] < key[c]) {
                child = right;
                c = heap[child];
            }
            if (k <= key[c]) {
                break;
            }
            heap[pos] = c;
            heapPos[c] = pos;
            pos = child;
        }
        heap[pos] = r;
        heapPos[r] = pos;
    }
}
