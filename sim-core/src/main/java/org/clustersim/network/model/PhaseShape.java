package org.clustersim.network.model;

import java.util.List;

/**
 * Who sends to whom in one phase of an operation: a list of flow classes, each a {@link FlowMembers}. Flows of one
 * class carry equal bytes, and the generator puts flows in one class when it expects them to be symmetric; the
 * flow-level model verifies that (and splits a class that is not) before it solves the class as one variable.
 *
 * <p>Compared by identity, like {@link FlowMembers}: models cache their compiled form of a shape under the object.
 */
public final class PhaseShape {

    private final List<FlowMembers> classes;

    public PhaseShape(List<FlowMembers> classes) {
        this.classes = List.copyOf(classes);
    }

    public static PhaseShape of(FlowMembers... classes) {
        return new PhaseShape(List.of(classes));
    }

    public List<FlowMembers> classes() {
        return classes;
    }

    public int classCount() {
        return classes.size();
    }

    /** Total number of member flows. */
    public long flowCount() {
        long n = 0;
        for (FlowMembers m : classes) {
            n += m.size();
        }
        return n;
    }

    @Override
    public String toString() {
        return "PhaseShape" + classes;
    }
}
