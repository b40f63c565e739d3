package org.clustersim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.ScenarioLoader;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The scenario file and its overrides, shared by every command that reads a scenario. */
final class ScenarioOptions {

    @Parameters(index = "0", paramLabel = "FILE",
            description = "Scenario file (YAML or JSON), or the name of a shipped example (e.g. deepseek-v3-2048xH800).")
    String file;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override a value, e.g. --set cluster.nodes=512 --set cluster.gpu=H100 (repeatable).")
    List<String> overrides = new ArrayList<>();

    Scenario load() {
        return new ScenarioLoader().load(resolve(file), overrides);
    }

    /** A path as given, or a shipped example's name resolved under scenarios/examples/. */
    static Path resolve(String file) {
        Path path = Path.of(file);
        if (Files.exists(path)) {
            return path;
        }
        for (String dir : new String[] {"scenarios/examples", "scenarios/validation"}) {
            for (String ext : new String[] {"", ".yaml", ".yml", ".json"}) {
                Path candidate = Path.of(dir, file + ext);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return path;
    }
}
