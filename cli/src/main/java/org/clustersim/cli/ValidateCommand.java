package org.clustersim.cli;

import java.util.concurrent.Callable;
import org.clustersim.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a scenario file strictly without running it. Exit 0 if valid, 2 with the first error if not.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions scenario;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Scenario loaded = scenario.load();
        spec.commandLine().getOut().printf("%s: valid (%s, %d x %s)%n", scenario.file, loaded.name(),
                loaded.cluster().gpuCount(), loaded.cluster().gpu().id());
        return ExitCodes.OK;
    }
}
