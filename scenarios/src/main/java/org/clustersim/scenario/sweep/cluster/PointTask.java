package org.clustersim.scenario.sweep.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;
import org.clustersim.scenario.sweep.PointResult;
import org.clustersim.scenario.sweep.PointRunner;

/**
 * One point sent to a member: only the sweep's id and the point's index travel, since every member expanded the same
 * sweep (the cluster name guarantees it) and holds its own runner and step cache.
 */
final class PointTask implements Callable<PointResult>, Serializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private final String sweepId;
    private final int point;
    private transient HazelcastInstance instance;

    PointTask(String sweepId, int point) {
        this.sweepId = sweepId;
        this.point = point;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    @Override
    public PointResult call() {
        PointRunner runner = (PointRunner) instance.getUserContext().get(SweepCluster.RUNNER);
        if (runner == null || !runner.sweep().id().equals(sweepId)) {
            throw new IllegalStateException("member " + instance.getName() + " does not run sweep " + sweepId);
        }
        return runner.run(runner.sweep().point(point));
    }
}
