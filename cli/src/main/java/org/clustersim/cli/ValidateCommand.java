package org.clustersim.cli;

import java.util.concurrent.Callable;
import org.clustersim.scenario.Scenario;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.workload.WorkloadCheck;
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
        // a model with a plan must resolve, satisfy its schedule and fit in GPU memory (exit 2 otherwise)
        WorkloadCheck.Result workload = new WorkloadCheck(Catalog.builtIn()).check(loaded);
        new org.clustersim.scenario.fleet.FleetCalculator(Catalog.builtIn()).check(loaded);
        spec.commandLine().getOut().printf("%s: valid (%s, %d x %s)%n", scenario.file, loaded.name(),
                loaded.cluster().gpuCount(), loaded.cluster().gpu().id());
        for (WorkloadCheck.PhasePlan p : workload.plans()) {
            if (p.memory() != null) {
                spec.commandLine().getOut().printf(java.util.Locale.ROOT,
                        "  phase '%s': plan fits, peak %.1f of %.1f GiB per GPU (pipeline rank %d)%n", p.phase(),
                        p.memory().peak().totalBytes() / (1L << 30), p.memory().capacityBytes() / (1L << 30),
                        p.memory().peak().pipelineRank());
            }
        }
        return ExitCodes.OK;
    }
}
