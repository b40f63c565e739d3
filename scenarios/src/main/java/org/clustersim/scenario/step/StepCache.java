package org.clustersim.scenario.step;

import java.util.function.Supplier;
import org.clustersim.step.StepResult;

/**
 * Where simulated steps may be remembered. A step is a pure function of its {@link StepKey}, so sweep points that
 * differ only in what does not shape a step (prices, failure rates, phase lengths) can share one simulation.
 * {@link #NONE} simulates every time: single runs use it, so their behaviour is unchanged.
 */
public interface StepCache {

    /** Simulates every step (no memory). */
    StepCache NONE = (key, simulate) -> simulate.get();

    /**
     * The step for {@code key}: a remembered one, or {@code simulate}'s result. A failure is thrown to the caller and
     * not remembered.
     */
    StepResult step(StepKey key, Supplier<StepResult> simulate);

    /**
     * A view that throws {@link Busy} instead of waiting when another thread is simulating the step asked for, so a
     * caller with other work can do that first. This default never waits anyway, so it is its own view.
     */
    default StepCache orBusy() {
        return this;
    }

    /** Thrown by an {@link #orBusy()} view: the step is being simulated by another thread right now. */
    final class Busy extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public Busy() {
            super("step being simulated by another thread", null, false, false);
        }
    }
}
