package org.clustersim.network.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One phase of an operation: its flows ({@link PhaseShape}), the bytes each flow of each class carries, and the
 * protocol efficiency the operation runs at. A phase ends when its last flow has arrived; the next phase of the same
 * {@link Traffic} starts then.
 *
 * @param bytesPerFlow        bytes carried by each member flow of class i of the shape
 * @param protocolEfficiency  fraction of the achievable link capacity the protocol delivers as payload (NCCL's LL
 *                            moves half its bytes as flags, for example); every model divides payload bytes by it
 */
public record TrafficPhase(PhaseShape shape, double[] bytesPerFlow, double protocolEfficiency) {

    public TrafficPhase {
        Objects.requireNonNull(shape, "shape");
        bytesPerFlow = bytesPerFlow.clone();
        if (bytesPerFlow.length != shape.classCount()) {
            throw new IllegalArgumentException(
                    bytesPerFlow.length + " byte counts for " + shape.classCount() + " flow classes");
        }
        for (double b : bytesPerFlow) {
            if (!(b >= 0) || Double.isInfinite(b)) {
                throw new IllegalArgumentException("bytes per flow must be finite and >= 0: " + b);
            }
        }
        if (!(protocolEfficiency > 0 && protocolEfficiency <= 1)) {
            throw new IllegalArgumentException("protocol efficiency must be in (0, 1]: " + protocolEfficiency);
        }
    }

    /** A phase whose classes all carry the same bytes per flow. */
    public static TrafficPhase uniform(PhaseShape shape, double bytesPerFlow, double protocolEfficiency) {
        double[] bytes = new double[shape.classCount()];
        Arrays.fill(bytes, bytesPerFlow);
        return new TrafficPhase(shape, bytes, protocolEfficiency);
    }

    public double bytesPerFlow(int flowClass) {
        return bytesPerFlow[flowClass];
    }

    /** Payload bytes of the whole phase (all flows of all classes). */
    public double totalBytes() {
        double total = 0;
        for (int c = 0; c < bytesPerFlow.length; c++) {
            total += bytesPerFlow[c] * shape.classes().get(c).size();
        }
        return total;
    }

    @Override
    public double[] bytesPerFlow() {
        return bytesPerFlow.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrafficPhase p && p.shape == shape && Arrays.equals(p.bytesPerFlow, bytesPerFlow)
                && p.protocolEfficiency == protocolEfficiency;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(shape) * 31 + Arrays.hashCode(bytesPerFlow);
    }

    @Override
    public String toString() {
        return "TrafficPhase[" + shape + ", bytes " + Arrays.toString(bytesPerFlow) + ", efficiency "
                + protocolEfficiency + "]";
    }
}
