package org.clustersim.scenario.sweep;

/** Told as a sweep advances; implementations draw a bar, print lines, or stay quiet. */
public interface SweepProgress {

    /**
     * @param total       points this run covers (the shard's points)
     * @param alreadyDone of those, finished by an earlier run and skipped
     */
    void start(int total, int alreadyDone);

    /** A point finished (called from any thread). */
    void pointDone(PointResult result);

    /** The run ended (normally or not). */
    void finish();

    /** No output. */
    static SweepProgress none() {
        return new SweepProgress() {
            @Override
            public void start(int total, int alreadyDone) {
            }

            @Override
            public void pointDone(PointResult result) {
            }

            @Override
            public void finish() {
            }
        };
    }
}
