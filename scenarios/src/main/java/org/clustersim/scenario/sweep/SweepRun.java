package org.clustersim.scenario.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a sweep (or one shard of it) into a results file, resuming it when it exists: points the file already holds
 * a final result for are skipped, the others are run by the executor, each result appended as it arrives, and the
 * CSV table is rewritten from the file at the end.
 */
public final class SweepRun {

    /**
     * What a run did.
     *
     * @param points          points in this run's shard
     * @param alreadyDone     of those, final in the file before this run
     * @param ran             points run now
     * @param droppedTornLine the file ended in a partial line (a killed writer), which was cut off
     * @param corruptLines    complete lines that did not parse and were skipped
     */
    public record Summary(int points, int alreadyDone, int ran, int ok, int invalid, int errors, Path results,
                          Path csv, boolean droppedTornLine, int corruptLines) {
    }

    private SweepRun() {
    }

    public static Summary run(Sweep sweep, Shard shard, Path results, String toolVersion, PointExecutor executor,
                              SweepProgress progress) throws InterruptedException {
        SweepHeader header = SweepHeader.of(sweep, shard, toolVersion);
        List<SweepPoint> points = sweep.points(shard);
        int ran;
        Map<Integer, PointResult> latest;
        int alreadyDone;
        boolean torn;
        int corrupt;
        try (ResultsStore store = ResultsStore.open(results, header)) {
            torn = store.droppedTornLine();
            corrupt = store.corruptLines();
            List<SweepPoint> pending = new ArrayList<>();
            for (SweepPoint p : points) {
                if (!store.isDone(p.index())) {
                    pending.add(p);
                }
            }
            alreadyDone = points.size() - pending.size();
            progress.start(points.size(), alreadyDone);
            java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
            try {
                executor.execute(pending, result -> {
                    store.append(result);
                    count.incrementAndGet();
                    progress.pointDone(result);
                });
            } finally {
                progress.finish();
            }
            ran = count.get();
            latest = store.results();
        }
        List<PointResult> rows = new ArrayList<>();
        int ok = 0;
        int invalid = 0;
        int errors = 0;
        for (SweepPoint p : points) {
            PointResult r = latest.get(p.index());
            if (r == null) {
                continue;
            }
            rows.add(r);
            switch (r.status()) {
                case OK -> ok++;
                case INVALID -> invalid++;
                case ERROR -> errors++;
            }
        }
        Path csv = ResultsCsv.besides(results);
        ResultsCsv.write(csv, header, rows);
        return new Summary(points.size(), alreadyDone, ran, ok, invalid, errors, results, csv, torn, corrupt);
    }
}
