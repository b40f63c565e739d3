package org.clustersim.scenario.sweep;

import java.util.List;
import java.util.function.Consumer;

/** Runs sweep points somewhere (threads of this process, or members of a cluster) and reports each result. */
public interface PointExecutor {

    /**
     * Runs every point and hands each result to {@code sink} once, as it finishes; returns when all are reported.
     * {@code sink} may be called from several threads at once.
     */
    void execute(List<SweepPoint> points, Consumer<PointResult> sink) throws InterruptedException;
}
