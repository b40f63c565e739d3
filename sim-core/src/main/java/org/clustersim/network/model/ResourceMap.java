package org.clustersim.network.model;

import java.util.Arrays;
import org.clustersim.network.Fabric;
import org.clustersim.network.LinkTier;
import org.clustersim.network.Route;

/**
 * The constraints a flow-level solver works with. A resource is either one link, or (when stages are aggregated) one
 * ECMP stage of equal-cost links that every flow crossing any of them spreads over evenly: such links always carry the
 * same load, so they saturate together and one constraint of capacity width x min(achievable capacity) stands for all
 * of them exactly. On a fat tree a leaf's up-links (or a spine group's down-links into one leaf) form one resource,
 * which cuts the incidences of a cross-leaf flow from ~70 links to ~6 resources.
 *
 * <p>Aggregation needs the fabric's multi-link stages to partition the links they use (no link in two different
 * stages, and no link of a stage used alone by another route). Fabrics built by {@code topologies} have that property;
 * a route that breaks it is reported as an {@link IllegalStateException} (construct the model without aggregation).
 *
 * <p>Resources are created as routes first reach them; ids are dense from 0. Capacity is the line rate times the
 * link's hardware efficiency ({@link Fabric#efficiency(int)}), the same in every fidelity.
 */
final class ResourceMap {

    private final Fabric fabric;
    private final boolean aggregate;
    private final int[] resourceOfLink;

    private int count;
    private int[] lastLink = new int[256];
    private int[] width = new int[256];
    private double[] capacity = new double[256];
    private byte[] tier = new byte[256];

    ResourceMap(Fabric fabric, boolean aggregate) {
        this.fabric = fabric;
        this.aggregate = aggregate;
        this.resourceOfLink = new int[fabric.linkCount()];
        Arrays.fill(resourceOfLink, -1);
    }

    Fabric fabric() {
        return fabric;
    }

    boolean aggregates() {
        return aggregate;
    }

    int count() {
        return count;
    }

    /** Achievable bytes per second of the resource (its links together). */
    double capacity(int resource) {
        return capacity[resource];
    }

    /** Number of links the resource stands for. */
    int width(int resource) {
        return width[resource];
    }

    LinkTier tier(int resource) {
        return LinkTier.values()[tier[resource]];
    }

    /** Resource of a link, or -1 if no route has reached it yet. */
    int resourceOfLink(int link) {
        return resourceOfLink[link];
    }

    /** The resource standing for the link alone (never aggregated). */
    int ofLink(int link) {
        int r = resourceOfLink[link];
        if (r >= 0) {
            if (width[r] != 1) {
                throw conflict(link);
            }
            return r;
        }
        r = add(link, 1, effective(link), fabric.tier(link));
        resourceOfLink[link] = r;
        return r;
    }

    /**
     * The resource of a whole stage of a route, in aggregating mode. A stage of width 1 is its link; a wider stage is
     * one resource covering all its links.
     */
    int ofStage(Route route, int stage) {
        int w = route.width(stage);
        int first = route.link(stage, 0);
        if (w == 1) {
            return ofLink(first);
        }
        int last = route.link(stage, w - 1);
        int r = resourceOfLink[first];
        if (r >= 0) {
            if (width[r] != w || lastLink[r] != last) {
                throw conflict(first);
            }
            return r;
        }
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < w; j++) {
            int link = route.link(stage, j);
            if (resourceOfLink[link] >= 0) {
                throw conflict(link);
            }
            min = Math.min(min, effective(link));
        }
        r = add(last, w, w * min, fabric.tier(first));
        for (int j = 0; j < w; j++) {
            resourceOfLink[route.link(stage, j)] = r;
        }
        return r;
    }

    private double effective(int link) {
        return fabric.capacityBytesPerSecond(link) * fabric.efficiency(link);
    }

    private int add(int last, int w, double cap, LinkTier t) {
        if (count == lastLink.length) {
            int n = count * 2;
            lastLink = Arrays.copyOf(lastLink, n);
            width = Arrays.copyOf(width, n);
            capacity = Arrays.copyOf(capacity, n);
            tier = Arrays.copyOf(tier, n);
        }
        lastLink[count] = last;
        width[count] = w;
        capacity[count] = cap;
        tier[count] = (byte) t.ordinal();
        return count++;
    }

    private IllegalStateException conflict(int link) {
        return new IllegalStateException("link " + link + " belongs to two different ECMP stages of this fabric's "
                + "routes, so stages cannot be aggregated into single constraints; build the flow-level model with "
                + "stage aggregation off");
    }
}
