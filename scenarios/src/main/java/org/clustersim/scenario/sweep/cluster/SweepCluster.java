package org.clustersim.scenario.sweep.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.clustersim.error.UserError;
import org.clustersim.scenario.sweep.PointRunner;

/**
 * Starts the embedded Hazelcast member a sweep runs on. Configured in code, closed to the outside: no phone-home, no
 * multicast or cloud auto-detection, TCP/IP join with explicit members only, and a cluster name derived from the
 * sweep's id, so only processes running the very same sweep (same base scenario, same axes) can join one another.
 * Each member carries its role and thread count as attributes and the {@link PointRunner} that runs points in its
 * user context.
 */
public final class SweepCluster {

    static final String EXECUTOR = "clustersim-points";
    static final String ROLE = "clustersim.role";
    static final String THREADS = "clustersim.threads";
    static final String SWEEP = "clustersim.sweep";
    static final String RUNNER = "clustersim.pointRunner";
    static final String SUBMITTER = "submitter";
    static final String WORKER = "worker";

    /** Hazelcast's own loggers, kept referenced so the level set here is not lost to garbage collection. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    private SweepCluster() {
    }

    /** The cluster name of a sweep. */
    public static String clusterName(String sweepId) {
        return "clustersim-sweep-" + sweepId;
    }

    /** Starts a member for {@code runner}'s sweep in the given role. */
    static HazelcastInstance start(PointRunner runner, ClusterOptions options, String role) {
        // Hazelcast logs through java.util.logging here; at INFO it prints a page per member, and what matters to a
        // sweep (a member that cannot start, points that fail, members that leave) is reported by this code, so it
        // stays silent unless asked (--debug).
        HAZELCAST_LOG.setLevel(options.verbose() ? Level.INFO : Level.OFF);
        Config config = config(runner, options, role);
        try {
            return Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) { // a bad address or no free port: the user's to fix, not a bug
            throw new UserError("cannot start the sweep's Hazelcast member: " + e.getMessage(),
                    "check --bind (an address of this machine), --port and --members (host:port,...)", e);
        }
    }

    static Config config(PointRunner runner, ClusterOptions options, String role) {
        String sweepId = runner.sweep().id();
        Config config = new Config();
        config.setClusterName(clusterName(sweepId));
        config.setInstanceName("clustersim-" + role + "-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        // a sweep has no data to spread: few partitions make joining and leaving cheap
        config.setProperty("hazelcast.partition.count", "7");
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        // a killed member must be noticed in seconds, not the default minute, so its points move on quickly
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        config.setProperty("hazelcast.shutdownhook.enabled", "true");
        config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
        config.getJetConfig().setEnabled(false);
        config.getMetricsConfig().setEnabled(false);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(options.port()).setPortAutoIncrement(true).setPortCount(100);
        if (options.bindAddress() != null) {
            config.setProperty("hazelcast.socket.bind.any", "false");
            network.getInterfaces().setEnabled(true).addInterface(options.bindAddress());
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(options.members());

        config.getMemberAttributeConfig().setAttribute(ROLE, role);
        config.getMemberAttributeConfig().setAttribute(THREADS, Integer.toString(options.threads()));
        config.getMemberAttributeConfig().setAttribute(SWEEP, sweepId);
        config.getExecutorConfig(EXECUTOR).setPoolSize(options.threads()).setStatisticsEnabled(false);
        java.util.concurrent.ConcurrentMap<String, Object> context = new ConcurrentHashMap<>();
        context.put(RUNNER, runner);
        config.setUserContext(context);
        return config;
    }

    /** Threads a member offers, 0 when it is not a member of this sweep. */
    static int threadsOf(Member member, String sweepId) {
        if (!sweepId.equals(member.getAttribute(SWEEP))) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(member.getAttribute(THREADS)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean isSubmitter(Member member) {
        return SUBMITTER.equals(member.getAttribute(ROLE));
    }
}
