package org.clustersim.scenario.sweep.cluster;

import java.util.List;
import org.clustersim.error.UserError;

/**
 * How this process takes part in a sweep's Hazelcast cluster.
 *
 * @param members     other members to join, {@code host:port} or {@code host} (ports 5701-5703 are tried); empty =
 *                    start a cluster others join
 * @param bindAddress the address to listen on and announce (e.g. 127.0.0.1 in tests); null = Hazelcast's choice
 * @param port        first port to try; the next free one up to 100 above is taken
 * @param threads     points this member runs at once
 * @param verbose     let Hazelcast log at INFO (else it is silent)
 */
public record ClusterOptions(List<String> members, String bindAddress, int port, int threads, boolean verbose) {

    public static final int DEFAULT_PORT = 5701;

    public ClusterOptions {
        members = List.copyOf(members);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (port < 1 || port > 65535) {
            throw new UserError("port " + port + " is out of range", "use a port from 1024 to 65535, e.g. 5701");
        }
        for (String m : members) {
            if (m.isBlank()) {
                throw new UserError("empty member address", "write --members host:port,host:port");
            }
        }
    }

    /** Parses {@code --members a:5701,b:5701}. */
    public static List<String> parseMembers(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split(",")).map(String::strip).toList();
    }
}
