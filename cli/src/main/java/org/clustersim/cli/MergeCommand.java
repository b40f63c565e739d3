package org.clustersim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.clustersim.scenario.sweep.SweepMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Combine the results files of a sweep's shards into one results file and its CSV.",
                "Files of different sweeps are refused; points no file has are listed."})
final class MergeCommand implements Callable<Integer> {

    /** Missing points listed by number; beyond that only counted. */
    static final int LISTED_MISSING = 20;

    @Parameters(paramLabel = "FILE.jsonl", arity = "1..*", description = "Results files of the shards.")
    List<Path> inputs;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.jsonl", required = true,
            description = "The merged results file (written atomically); the CSV goes beside it.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SweepMerge.Summary s = SweepMerge.merge(inputs, out);
        stdout.printf(Locale.ROOT, "merged %d file%s: %d of %d points (%d ok, %d invalid, %d errors)%n",
                inputs.size(), inputs.size() == 1 ? "" : "s", s.merged(), s.points(), s.ok(), s.invalid(),
                s.errors());
        stdout.printf("results: %s%ntable:   %s%n", s.results(), s.csv());
        if (!s.missing().isEmpty()) {
            String listed = s.missing().stream().limit(LISTED_MISSING).map(String::valueOf)
                    .collect(Collectors.joining(", "));
            err.printf(Locale.ROOT, "clustersim: warning: %d points have no result: %s%s%n", s.missing().size(),
                    listed, s.missing().size() > LISTED_MISSING ? ", ..." : "");
            err.println("  hint: rerun the shards they belong to (point i is in shard (i mod N) + 1 of N); they "
                    + "resume where they stopped");
        }
        stdout.flush();
        err.flush();
        return ExitCodes.OK;
    }
}
