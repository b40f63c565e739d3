package org.clustersim.engine;

import java.util.SplittableRandom;

/** One named stream of pseudo-random numbers (SplitMix64 via {@link SplittableRandom}). */
public final class RandomStream {

    private final String name;
    private final SplittableRandom generator;

    RandomStream(String name, long seed) {
        this.name = name;
        this.generator = new SplittableRandom(seed);
    }

    public String name() {
        return name;
    }

    /** Uniform in [0, 1). */
    public double nextUniform() {
        return generator.nextDouble();
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return generator.nextInt(bound);
    }

    public long nextLong() {
        return generator.nextLong();
    }

    /** Exponential with the given mean, by inversion (1 - U lies in (0, 1], so the log is finite). */
    public double nextExponential(double mean) {
        return -mean * Math.log(1.0 - generator.nextDouble());
    }

    /** Standard normal by Box-Muller; two uniforms per call keeps the stream position easy to reason about. */
    public double nextGaussian() {
        double u1 = 1.0 - generator.nextDouble();
        double u2 = generator.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
