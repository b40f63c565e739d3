package org.clustersim.scenario.sweep.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.clustersim.scenario.sweep.PointRunner;

/**
 * A member that only runs points for a submitter: it joins the sweep's cluster, takes whatever points the submitter
 * sends, and ends when every submitter it has seen has left (the sweep finished, or was stopped and will be resumed
 * with new workers).
 */
public final class SweepWorker implements AutoCloseable {

    private final HazelcastInstance instance;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean sawSubmitter = new AtomicBoolean();

    private SweepWorker(PointRunner runner, ClusterOptions options) {
        this.instance = SweepCluster.start(runner, options, SweepCluster.WORKER);
        instance.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN
                    || event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                ended.countDown();
            }
        });
        instance.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                if (SweepCluster.isSubmitter(event.getMember())) {
                    sawSubmitter.set(true);
                }
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                if (sawSubmitter.get() && event.getMembers().stream().noneMatch(SweepCluster::isSubmitter)) {
                    ended.countDown();
                }
            }
        });
        for (Member m : instance.getCluster().getMembers()) {
            if (SweepCluster.isSubmitter(m)) {
                sawSubmitter.set(true);
            }
        }
    }

    /** Starts a worker member for {@code runner}'s sweep. */
    public static SweepWorker start(PointRunner runner, ClusterOptions options) {
        return new SweepWorker(runner, options);
    }

    public HazelcastInstance instance() {
        return instance;
    }

    /** "127.0.0.1:5702": where others reach this member. */
    public String address() {
        var a = instance.getCluster().getLocalMember().getAddress();
        return a.getHost() + ":" + a.getPort();
    }

    /** Waits until the submitter has come and gone (or this member was shut down). */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    @Override
    public void close() {
        if (instance.getLifecycleService().isRunning()) {
            instance.shutdown();
        }
    }
}
