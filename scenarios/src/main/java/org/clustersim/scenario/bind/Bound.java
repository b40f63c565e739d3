package org.clustersim.scenario.bind;

import java.util.Map;
import org.clustersim.scenario.source.SourceLocation;

/**
 * A bound value with the location of every key path inside it ({@code "parallelism.pipeline"}), so that checks made
 * after binding (a plan that does not divide, a plan that does not fit) still point at the line that set the value.
 */
public record Bound<T>(T value, Map<String, SourceLocation> locations, SourceLocation root) {

    public Bound {
        locations = Map.copyOf(locations);
    }

    /** Location of a key path, falling back to its closest parent that was written, then to the document start. */
    public SourceLocation at(String path) {
        String p = path;
        while (true) {
            SourceLocation l = locations.get(p);
            if (l != null) {
                return l;
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return root;
            }
            p = p.substring(0, dot);
        }
    }

    public boolean isSet(String path) {
        return locations.containsKey(path);
    }
}
