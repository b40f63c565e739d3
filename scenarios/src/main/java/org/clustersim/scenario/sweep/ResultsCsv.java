package org.clustersim.scenario.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.clustersim.scenario.files.AtomicFiles;

/**
 * The results as one CSV table, one row per point in index order: the point, its status, one column per axis, the
 * identity fields, the key results and the reason (on one line). Written atomically, at the end of a run or a merge.
 */
public final class ResultsCsv {

    static final List<String> RESULT_COLUMNS = List.of("stepPhase", "stepTimeSeconds", "tokensPerSecond", "mfu",
            "gpus", "timeSeconds", "days", "gpuHours", "goodput", "rentalUsd", "ownershipUsd");

    private ResultsCsv() {
    }

    /** The CSV file beside a results file: {@code x.jsonl} gives {@code x.csv}. */
    public static Path besides(Path jsonl) {
        String name = jsonl.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return jsonl.resolveSibling(stem + ".csv");
    }

    public static void write(Path csv, SweepHeader header, Collection<PointResult> points) {
        StringBuilder out = new StringBuilder();
        out.append("point,status");
        for (Axis axis : header.axes()) {
            out.append(',').append(cell(axis.path()));
        }
        out.append(",seed,scenarioHash,toolVersion");
        for (String c : RESULT_COLUMNS) {
            out.append(',').append(c);
        }
        out.append(",reason\n");
        for (PointResult p : points) {
            out.append(p.point()).append(',').append(p.status().spelling());
            for (Axis axis : header.axes()) {
                out.append(',').append(cell(p.overrides().getOrDefault(axis.path(), "")));
            }
            out.append(',').append(p.seed()).append(',').append(cell(p.scenarioHash())).append(',')
                    .append(cell(p.toolVersion()));
            boolean ok = p.status() == PointResult.Status.OK;
            out.append(',').append(cell(p.stepPhase()));
            out.append(',').append(num(p.stepTimeSeconds())).append(',').append(num(p.tokensPerSecond()))
                    .append(',').append(num(p.mfu())).append(',').append(ok ? Integer.toString(p.gpus()) : "")
                    .append(',').append(num(p.timeSeconds())).append(',').append(num(p.days()))
                    .append(',').append(num(p.gpuHours())).append(',').append(num(p.goodput()))
                    .append(',').append(num(p.rentalUsd())).append(',').append(num(p.ownershipUsd()));
            // one row per point, whatever the reader: the reason's lines joined (the JSON line keeps them)
            out.append(',').append(cell(p.reason() == null ? null : p.reason().replace("\n  ", " ").replace('\n', ' ')))
                    .append('\n');
        }
        try {
            AtomicFiles.writeString(csv, out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv, e);
        }
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%s", v) : "";
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
    static String cell(String text) {
        if (text == null) {
            return "";
        }
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
