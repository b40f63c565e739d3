package org.clustersim.engine;

/** Something that happens at one instant of simulated time. Events are lambdas; the engine never calls by name. */
@FunctionalInterface
public interface Event {
    void fire();
}
