package org.clustersim.scenario.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.clustersim.scenario.source.Node;
import org.clustersim.scenario.source.Node.ListNode;
import org.clustersim.scenario.source.Node.MapNode;
import org.clustersim.scenario.source.Node.ScalarNode;

/**
 * Content hashes of scenario trees: the same scenario, however its files were laid out and in whatever key order,
 * hashes the same; any value that differs changes the hash. Locations are not content.
 */
public final class TreeHash {

    /** Hex digits kept: 64 bits, ample to tell apart the points of any sweep. */
    static final int HEX_DIGITS = 16;

    private TreeHash() {
    }

    /** The hash of a merged, overridden scenario tree. */
    public static String of(Node tree) {
        StringBuilder out = new StringBuilder();
        canonical(tree, out);
        return sha256(out.toString());
    }

    /** SHA-256 of UTF-8 text, the first {@link #HEX_DIGITS} hex digits. */
    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** A text form with sorted keys and typed scalars: {@code 8} and {@code "8"} differ, locations do not count. */
    static void canonical(Node node, StringBuilder out) {
        if (node instanceof MapNode map) {
            List<String> keys = new ArrayList<>(map.entries().keySet());
            keys.sort(null);
            out.append('{');
            for (String key : keys) {
                quote(key, out);
                out.append(':');
                canonical(map.get(key), out);
                out.append(',');
            }
            out.append('}');
        } else if (node instanceof ListNode list) {
            out.append('[');
            for (Node item : list.items()) {
                canonical(item, out);
                out.append(',');
            }
            out.append(']');
        } else {
            ScalarNode scalar = (ScalarNode) node;
            out.append(scalar.type().name().charAt(0));
            quote(scalar.text(), out);
        }
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }
}
