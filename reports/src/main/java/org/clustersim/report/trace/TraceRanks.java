package org.clustersim.report.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.clustersim.error.UserError;

/** Which global ranks a trace shows: {@code 0-7}, {@code 0,8,16} or {@code 0-3,64-67}. */
public final class TraceRanks {

    /** Most ranks one trace may hold: beyond this the file is too large for ui.perfetto.dev to open comfortably. */
    public static final int MAX_RANKS = 4096;

    private TraceRanks() {
    }

    /** The ranks of {@code spec}, sorted, each checked against {@code gpus}. */
    public static List<Integer> parse(String spec, long gpus) {
        String hint = "write ranks as 0-7, 0,8,16 or 0-3,64-67 (global ranks 0.." + (gpus - 1) + ")";
        if (spec == null || spec.isBlank()) {
            throw new UserError("--trace-ranks is empty", hint);
        }
        TreeSet<Integer> ranks = new TreeSet<>();
        for (String part : spec.split(",", -1)) {
            String p = part.strip();
            int dash = p.indexOf('-', 1);
            long from;
            long to;
            try {
                from = Long.parseLong(dash < 0 ? p : p.substring(0, dash).strip());
                to = dash < 0 ? from : Long.parseLong(p.substring(dash + 1).strip());
            } catch (NumberFormatException e) {
                throw new UserError("--trace-ranks: '" + p + "' is not a rank or a range of ranks", hint);
            }
            if (from < 0 || to < from) {
                throw new UserError("--trace-ranks: '" + p + "' is not a range of ranks (from <= to, both >= 0)",
                        hint);
            }
            if (to >= gpus) {
                throw new UserError("--trace-ranks: rank " + to + " does not exist: the plan has " + gpus
                        + " GPUs", hint);
            }
            if (to - from + 1 + ranks.size() > MAX_RANKS) {
                throw new UserError("--trace-ranks: more than " + MAX_RANKS + " ranks",
                        "trace fewer ranks; stages are alike, so one rank per stage (the default) shows them all");
            }
            for (long r = from; r <= to; r++) {
                ranks.add((int) r);
            }
        }
        return new ArrayList<>(ranks);
    }
}
