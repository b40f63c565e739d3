package org.clustersim.cli;

import java.util.concurrent.Callable;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.schema.SchemaGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Print the JSON Schema (draft 7) of scenario files.",
                "Save it and start a scenario with '# yaml-language-server: $schema=clustersim-schema.json'",
                "for completion and checking in editors."})
final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Catalog catalog = Catalog.builtIn();
        spec.commandLine().getOut().println(new SchemaGenerator()
                .scenarioSchemaJson(catalog.gpus().keySet(), catalog.nodes().keySet()));
        return ExitCodes.OK;
    }
}
