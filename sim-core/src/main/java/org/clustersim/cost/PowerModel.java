package org.clustersim.cost;

/**
 * Electrical power of a pool of servers at the facility meter: (GPU TDP x average draw + server overhead) x PUE.
 *
 * @param gpuTdpWatts           one GPU's thermal design power
 * @param gpuAverageDrawFraction average GPU draw as a fraction of TDP while training (Epoch AI assumes 0.75; E)
 * @param serverOverheadWattsPerNode power of the rest of the server at load (DGX H100: 10.2 kW - 8 x 700 W)
 * @param pue                   power usage effectiveness of the facility (Epoch default 1.25; hyperscalers ~1.1)
 */
public record PowerModel(double gpuTdpWatts, double gpuAverageDrawFraction, double serverOverheadWattsPerNode,
                         double pue) {

    public PowerModel {
        if (!(gpuTdpWatts > 0) || !(serverOverheadWattsPerNode >= 0)) {
            throw new IllegalArgumentException("power must be > 0 (TDP) and >= 0 (overhead)");
        }
        if (!(gpuAverageDrawFraction > 0 && gpuAverageDrawFraction <= 1)) {
            throw new IllegalArgumentException("average draw must be in (0, 1]: " + gpuAverageDrawFraction);
        }
        if (!(pue >= 1 && pue < 5)) {
            throw new IllegalArgumentException("PUE must be in [1, 5): " + pue);
        }
    }

    /** IT power of one node (GPUs at their average draw plus the server overhead). */
    public double itWattsPerNode(int gpusPerNode) {
        return gpusPerNode * gpuTdpWatts * gpuAverageDrawFraction + serverOverheadWattsPerNode;
    }

    /** Facility power of one node: IT power x PUE. */
    public double facilityWattsPerNode(int gpusPerNode) {
        return itWattsPerNode(gpusPerNode) * pue;
    }
}
