package org.clustersim.network.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.clustersim.engine.TimeWeightedAccumulator;
import org.clustersim.network.Fabric;
import org.clustersim.network.LinkTier;

/**
 * Bytes carried per link and utilisation per tier over time, fed by a network model whenever the rate on a resource
 * changes (a re-solve, or the start and end of an analytical phase). Off by default: a disabled instance ignores every
 * update, so models pay one branch per change.
 *
 * <p>Utilisation of a tier is its total rate over its total achievable capacity (line rate x efficiency, summed over
 * every link of the tier in the fabric), kept in a {@link TimeWeightedAccumulator} for the mean and the maximum;
 * {@link TierListener}s see every change for time series. The analytical model ignores contention, so its
 * utilisation can exceed 1 where operations overlap; that is a finding, not an error.
 */
public final class LinkStatistics {

    /** Told each time the total rate on a tier changes. */
    @FunctionalInterface
    public interface TierListener {
        void tierRateChanged(long timeNs, LinkTier tier, double bytesPerSecond, double utilisation);
    }

    private final ResourceMap resources;
    private final boolean enabled;
    private final List<TierListener> listeners = new ArrayList<>();

    private double[] rate = new double[0];
    private long[] lastNs = new long[0];
    private double[] bytes = new double[0];

    private final double[] tierCapacity = new double[LinkTier.values().length];
    private final double[] tierRate = new double[LinkTier.values().length];
    private final TimeWeightedAccumulator[] tierUtilisation = new TimeWeightedAccumulator[LinkTier.values().length];

    LinkStatistics(ResourceMap resources, boolean enabled, long startNs) {
        this.resources = resources;
        this.enabled = enabled;
        if (enabled) {
            Fabric fabric = resources.fabric();
            for (int l = 0; l < fabric.linkCount(); l++) {
                tierCapacity[fabric.tier(l).ordinal()] += fabric.capacityBytesPerSecond(l) * fabric.efficiency(l);
            }
            for (int t = 0; t < tierUtilisation.length; t++) {
                tierUtilisation[t] = new TimeWeightedAccumulator(startNs, 0);
            }
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public void addListener(TierListener listener) {
        listeners.add(listener);
    }

    /** The total rate on a resource becomes {@code bytesPerSecond} at {@code nowNs}. */
    void rateChanged(int resource, long nowNs, double bytesPerSecond) {
        if (!enabled) {
            return;
        }
        if (resource >= rate.length) {
            int n = Math.max(resource + 1, rate.length * 2);
            rate = Arrays.copyOf(rate, n);
            lastNs = Arrays.copyOf(lastNs, n);
            bytes = Arrays.copyOf(bytes, n);
        }
        double old = rate[resource];
        bytes[resource] += old * (nowNs - lastNs[resource]) * 1e-9;
        lastNs[resource] = nowNs;
        if (old == bytesPerSecond) {
            return;
        }
        rate[resource] = bytesPerSecond;
        int t = resources.tier(resource).ordinal();
        tierRate[t] += bytesPerSecond - old;
        if (Math.abs(tierRate[t]) < 1e-9 * tierCapacity[t]) {
            tierRate[t] = 0; // keep subtraction noise from leaving a phantom load on an idle tier
        }
        double utilisation = tierCapacity[t] > 0 ? tierRate[t] / tierCapacity[t] : 0;
        tierUtilisation[t].update(nowNs, utilisation);
        for (TierListener l : listeners) {
            l.tierRateChanged(nowNs, LinkTier.values()[t], tierRate[t], utilisation);
        }
    }

    /** Bytes a link has carried up to {@code nowNs} (an ECMP stage's bytes are split evenly over its links). */
    public double bytesOnLink(int link, long nowNs) {
        int r = resources.resourceOfLink(link);
        if (!enabled || r < 0 || r >= rate.length) {
            return 0;
        }
        return (bytes[r] + rate[r] * (nowNs - lastNs[r]) * 1e-9) / resources.width(r);
    }

    /** Bytes carried by all links of a tier up to {@code nowNs}. */
    public double bytesOnTier(LinkTier tier, long nowNs) {
        double total = 0;
        for (int r = 0; r < rate.length && r < resources.count(); r++) {
            if (resources.tier(r) == tier) {
                total += bytes[r] + rate[r] * (nowNs - lastNs[r]) * 1e-9;
            }
        }
        return total;
    }

    /** Current total rate on a tier. */
    public double tierBytesPerSecond(LinkTier tier) {
        return tierRate[tier.ordinal()];
    }

    /** Time-weighted mean utilisation of a tier from the model's start until {@code nowNs}. */
    public double meanUtilisation(LinkTier tier, long nowNs) {
        return enabled ? tierUtilisation[tier.ordinal()].meanUntil(nowNs) : 0;
    }

    /** Highest utilisation a tier has reached. */
    public double maxUtilisation(LinkTier tier) {
        return enabled ? tierUtilisation[tier.ordinal()].max() : 0;
    }

    /** Total achievable capacity of a tier (line rate x efficiency over all its links). */
    public double tierCapacityBytesPerSecond(LinkTier tier) {
        return tierCapacity[tier.ordinal()];
    }
}
