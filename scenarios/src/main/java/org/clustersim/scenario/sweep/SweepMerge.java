package org.clustersim.scenario.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.clustersim.error.UserError;
import org.clustersim.scenario.files.AtomicFiles;

/**
 * Combines the results files of a sweep's shards (or of interrupted runs) into one file for the whole sweep and its
 * CSV, refusing files of different sweeps. Per point the first final result wins; a point that only failed with an
 * error keeps that line, and points no file has are reported as missing.
 */
public final class SweepMerge {

    /**
     * @param missing indices of points no input has a result for
     */
    public record Summary(int points, int merged, int ok, int invalid, int errors, List<Integer> missing,
                          Path results, Path csv) {
        public Summary {
            missing = List.copyOf(missing);
        }
    }

    private SweepMerge() {
    }

    public static Summary merge(List<Path> inputs, Path output) {
        if (inputs.isEmpty()) {
            throw new UserError("nothing to merge", "give the results files of the shards, e.g. out.shard-*.jsonl");
        }
        List<ResultsFile> files = new ArrayList<>();
        for (Path in : inputs) {
            if (in.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
                throw new UserError("the output " + output + " is also an input", "write the merge to another file");
            }
            files.add(ResultsFile.read(in));
        }
        ResultsFile first = files.get(0);
        for (ResultsFile f : files) {
            if (!f.header().sweepId().equals(first.header().sweepId())) {
                throw new UserError("cannot merge results of different sweeps: " + first.path() + " is sweep '"
                        + first.header().name() + "' (id " + first.header().sweepId() + "), " + f.path() + " is '"
                        + f.header().name() + "' (id " + f.header().sweepId() + ")",
                        "merge only the shards of one sweep; a changed base scenario or axis makes another sweep");
            }
        }
        Map<Integer, PointResult> merged = new TreeMap<>();
        for (ResultsFile f : files) {
            for (PointResult p : f.latest().values()) {
                PointResult had = merged.get(p.point());
                if (had == null || !had.isFinal() && p.isFinal()) {
                    merged.put(p.point(), p);
                }
            }
        }
        SweepHeader header = first.header().unsharded();
        ResultsJson json = new ResultsJson();
        StringBuilder out = new StringBuilder(json.header(header)).append('\n');
        int ok = 0;
        int invalid = 0;
        int errors = 0;
        for (PointResult p : merged.values()) {
            if (p.point() >= header.points()) {
                throw new UserError(p.point() + " is not a point of sweep " + header.sweepId() + " (it has "
                        + header.points() + ")", "the file was edited by hand; remove that line");
            }
            out.append(json.point(p)).append('\n');
            switch (p.status()) {
                case OK -> ok++;
                case INVALID -> invalid++;
                case ERROR -> errors++;
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < header.points(); i++) {
            if (!merged.containsKey(i)) {
                missing.add(i);
            }
        }
        try {
            AtomicFiles.writeString(output, out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output, e);
        }
        Path csv = ResultsCsv.besides(output);
        ResultsCsv.write(csv, header, merged.values());
        return new Summary(header.points(), merged.size(), ok, invalid, errors, missing, output, csv);
    }
}
