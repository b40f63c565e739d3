package org.clustersim.engine;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Named random streams derived from one master seed. Each name ("failures", "routing", "expert-load", ...) gets its own
 * generator whose seed depends only on the master seed and the name, so two sweep points that differ in one knob see
 * the same random numbers everywhere else, whatever order streams are first asked for.
 */
public final class RandomStreams {

    private final long masterSeed;
    private final Map<String, RandomStream> streams = new HashMap<>();

    public RandomStreams(long masterSeed) {
        this.masterSeed = masterSeed;
    }

    public long masterSeed() {
        return masterSeed;
    }

    /** The stream with this name, created on first use. */
    public RandomStream stream(String name) {
        return streams.computeIfAbsent(name, n -> new RandomStream(n, seedFor(masterSeed, n)));
    }

    /**
     * Seed of a named stream: a 64-bit FNV-1a hash of the UTF-8 name mixed with the master seed through SplitMix64's
     * finaliser. Stable across JVMs and releases (unlike {@link String#hashCode()} mixing, which is too weak).
     */
    static long seedFor(long masterSeed, String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= 0x100000001b3L;
        }
        return mix64(masterSeed ^ mix64(hash));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
