package org.clustersim.scenario.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.clustersim.error.UserError;

/**
 * A results file as read back: its header, its point lines, and what was dropped. Lines are written whole and
 * newline-terminated, so a last line without its newline is a write cut short by a kill: it is dropped (and a
 * resumed sweep truncates it away). A complete line that does not parse is dropped and counted, never guessed at.
 *
 * @param points          point lines in file order (a point may appear more than once: an error then a retry)
 * @param goodBytes       length of the prefix made of complete lines (where appending may continue)
 * @param tornTail        true when the file ended in a partial line
 * @param corruptLines    complete lines that did not parse (1-based line numbers)
 */
public record ResultsFile(Path path, SweepHeader header, List<PointResult> points, long goodBytes, boolean tornTail,
                          List<Integer> corruptLines) {

    public ResultsFile {
        points = List.copyOf(points);
        corruptLines = List.copyOf(corruptLines);
    }

    /** Reads a results file; a missing file, or one that is not a sweep's results, is a user error. */
    public static ResultsFile read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new UserError("results file not found: " + path, "check the path");
        } catch (IOException e) {
            throw new UserError("cannot read " + path + ": " + e.getMessage(), "check the file's permissions");
        }
        ResultsJson json = new ResultsJson();
        SweepHeader header = null;
        List<PointResult> points = new ArrayList<>();
        List<Integer> corrupt = new ArrayList<>();
        int start = 0;
        int lineNumber = 0;
        long good = 0;
        boolean torn = false;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            lineNumber++;
            if (end == bytes.length) {
                torn = true; // no newline: the write of this line never finished
                break;
            }
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            start = end + 1;
            if (line.isBlank()) {
                good = start;
                continue;
            }
            try {
                ResultsJson.Line parsed = json.parse(line);
                if (parsed instanceof ResultsJson.HeaderLine h) {
                    if (header != null) {
                        throw new IllegalArgumentException("a second header");
                    }
                    header = h.header();
                } else if (header == null) {
                    throw new IllegalArgumentException("a point before the header");
                } else {
                    points.add(((ResultsJson.PointLine) parsed).point());
                }
            } catch (IllegalArgumentException e) {
                if (header == null) {
                    throw new UserError(path + " is not a clustersim sweep results file (line " + lineNumber + ": "
                            + e.getMessage() + ")", "give the .jsonl file a sweep wrote, or another --out");
                }
                corrupt.add(lineNumber);
            }
            good = start;
        }
        if (header == null) {
            throw new UserError(path + " is not a clustersim sweep results file (no header line)",
                    "give the .jsonl file a sweep wrote, or another --out");
        }
        return new ResultsFile(path, header, points, good, torn, corrupt);
    }

    /** The last line of each point, by index: a retried point's later line wins. */
    public Map<Integer, PointResult> latest() {
        return latest(points);
    }

    static Map<Integer, PointResult> latest(Collection<PointResult> lines) {
        Map<Integer, PointResult> out = new TreeMap<>();
        for (PointResult p : lines) {
            out.put(p.point(), p);
        }
        return out;
    }
}
