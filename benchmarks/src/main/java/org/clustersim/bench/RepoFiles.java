package org.clustersim.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the repository the benchmarks read (shipped scenarios), found from the working directory or any folder
 * above it, so the benchmarks run from the repository root (as the README says) and their tests from the module.
 */
final class RepoFiles {

    private RepoFiles() {
    }

    /** {@code relative} (a path from the repository root) resolved against the nearest folder that has it. */
    static Path path(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " not found in " + dir + " or any folder above it; run the "
                + "benchmarks from the repository root");
    }
}
