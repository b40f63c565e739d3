package org.clustersim.report;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.hardware.ClusterConfig;
import org.clustersim.step.StepActivity;

/**
 * How busy each link tier is over one step, per GPU, derived from the communication the step records: each span's
 * bytes (nccl-tests bus bytes for collectives, expected node-limited traffic for MoE exchanges) spread evenly over its
 * duration, summed per time bin, averaged over the simulated pipeline ranks (each stands for every GPU of its stage,
 * and stages are equally large) and divided by the tier's achievable bandwidth per GPU. It is the analytical
 * accounting of the step's communication, not a measurement of a flow-level model's links.
 *
 * @param binSeconds width of one bin; the bins cover the step from its start
 */
public record LinkUtilisation(String basis, double binSeconds, List<Tier> tiers) {

    public static final String BASIS = "derived from the step's recorded communication intervals: each interval's "
            + "bytes per GPU spread evenly over its duration, averaged over the simulated pipeline ranks, over the "
            + "tier's achievable bandwidth per GPU";

    /**
     * @param capacityBytesPerSecond achievable bandwidth per GPU (NVLink; the GPU's share of the node's NICs)
     * @param bytesPerGpu            bytes one GPU moves over the tier in the step (mean over pipeline ranks)
     * @param utilisation            per bin: bytes moved in the bin over what the tier could move in it
     */
    public record Tier(String name, double capacityBytesPerSecond, double bytesPerGpu, List<Double> utilisation) {
        public Tier {
            utilisation = List.copyOf(utilisation);
        }

        public double meanUtilisation() {
            return utilisation.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        public double peakUtilisation() {
            return utilisation.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    public LinkUtilisation {
        tiers = List.copyOf(tiers);
    }

    public static LinkUtilisation of(StepActivity activity, double stepSeconds, ClusterConfig cluster, int bins) {
        double nvlink = cluster.gpu().nvlinkAchievableBytesPerSecond();
        double network = cluster.node().nicAchievableBytesPerSecond() * cluster.node().nicsPerNode()
                / cluster.gpusPerNode();
        long stepNs = Math.max(1, Math.round(stepSeconds * 1e9));
        double binNs = (double) stepNs / bins;
        double[] nvlinkBytes = new double[bins];
        double[] networkBytes = new double[bins];
        double nvlinkTotal = 0;
        double networkTotal = 0;
        int ranks = Math.max(1, activity.ranks().size());
        for (StepActivity.RankActivity rank : activity.ranks()) {
            for (StepActivity.CommSpan span : rank.communication()) {
                long s = Math.max(0, span.startNs());
                long e = Math.min(stepNs, span.endNs());
                if (e <= s) {
                    continue;
                }
                double nv = span.bytes().nvlinkBytes() / ranks;
                double net = span.bytes().networkBytes() / ranks;
                nvlinkTotal += nv;
                networkTotal += net;
                spread(nvlinkBytes, nv, s, e, binNs);
                spread(networkBytes, net, s, e, binNs);
            }
        }
        double binSeconds = binNs / 1e9;
        List<Tier> tiers = new ArrayList<>();
        tiers.add(new Tier("NVLink", nvlink, nvlinkTotal, utilisation(nvlinkBytes, nvlink * binSeconds)));
        tiers.add(new Tier("network (NIC)", network, networkTotal,
                utilisation(networkBytes, network * binSeconds)));
        return new LinkUtilisation(BASIS, binSeconds, tiers);
    }

    /** Adds {@code bytes}, moved evenly over [s, e), to the bins it overlaps. */
    private static void spread(double[] bins, double bytes, long s, long e, double binNs) {
        if (bytes == 0) {
            return;
        }
        double rate = bytes / (e - s);
        int first = (int) Math.min(bins.length - 1, Math.floor(s / binNs));
        int last = (int) Math.min(bins.length - 1, Math.floor((e - 1) / binNs));
        for (int i = first; i <= last; i++) {
            double lo = Math.max(s, i * binNs);
            double hi = i == last ? e : Math.min(e, (i + 1) * binNs);
            if (hi > lo) {
                bins[i] += rate * (hi - lo);
            }
        }
    }

    private static List<Double> utilisation(double[] bytes, double capacityPerBin) {
        List<Double> out = new ArrayList<>(bytes.length);
        for (double b : bytes) {
            out.add(b / capacityPerBin);
        }
        return out;
    }
}
