package org.clustersim.network.model;

/**
 * A {@link PhaseShape} folded onto a fabric's resources: the variables a flow-level solver works with. Each compiled
 * class stands for {@code multiplicity} member flows of one class of the shape that get equal rates; its coefficient
 * on a resource is the sum over those members of the share of a member's flow crossing the resource, so the load of
 * the resource is coefficient x per-member rate. With classes off every member flow is a class of multiplicity 1.
 *
 * <p>Immutable once built; arrays are CSR (class c owns entries {@code offsets[c] .. offsets[c+1]-1}).
 */
final class CompiledShape {

    final int classCount;
    /** Class of the {@link PhaseShape} each compiled class came from (indexes the phase's bytes per flow). */
    final int[] origin;
    final int[] multiplicity;
    final int[] offsets;
    final int[] resources;
    final double[] coefs;
    /** Rounds of symmetry verification it took (0 when not verified); a class split in round k is counted there. */
    final int verificationRounds;

    CompiledShape(int classCount, int[] origin, int[] multiplicity, int[] offsets, int[] resources, double[] coefs,
            int verificationRounds) {
        this.classCount = classCount;
        this.origin = origin;
        this.multiplicity = multiplicity;
        this.offsets = offsets;
        this.resources = resources;
        this.coefs = coefs;
        this.verificationRounds = verificationRounds;
    }
}
