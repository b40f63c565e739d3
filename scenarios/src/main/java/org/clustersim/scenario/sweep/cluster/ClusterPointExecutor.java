package org.clustersim.scenario.sweep.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.clustersim.scenario.sweep.PointExecutor;
import org.clustersim.scenario.sweep.PointResult;
import org.clustersim.scenario.sweep.PointRunner;
import org.clustersim.scenario.sweep.SweepPoint;

/**
 * Runs points on the members of the sweep's Hazelcast cluster, this process's own embedded member included. The
 * submitter keeps the truth: which points are waiting, which member runs which. It gives each member at most as many
 * points as it has threads (so fast members take more, and members joining mid-sweep get work at once), appends each
 * result as it returns, and puts back at the head of the queue every point whose member left or died, whether the
 * member's future failed or the member simply vanished from the member list. A point that fails on live members
 * {@link #MAX_ATTEMPTS} times is recorded as an error. A point's result is accepted once; a late duplicate from a
 * member thought dead is dropped.
 */
public final class ClusterPointExecutor implements PointExecutor, AutoCloseable {

    static final int MAX_ATTEMPTS = 3;
    private static final long POLL_MILLIS = 100;

    /** Told where points go and come back from (tests use it to kill a member mid-sweep). */
    public interface Listener {
        default void assigned(SweepPoint point, Member member) {
        }

        default void returned(PointResult result, Member member) {
        }
    }

    private final HazelcastInstance instance;
    private final PointRunner runner;
    private final String sweepId;
    private final Listener listener;
    private int reassigned;

    private ClusterPointExecutor(HazelcastInstance instance, PointRunner runner, Listener listener) {
        this.instance = instance;
        this.runner = runner;
        this.sweepId = runner.sweep().id();
        this.listener = listener;
    }

    /** Starts this process's member (joining {@code options.members()}) and returns the executor on it. */
    public static ClusterPointExecutor start(PointRunner runner, ClusterOptions options, Listener listener) {
        return new ClusterPointExecutor(SweepCluster.start(runner, options, SweepCluster.SUBMITTER), runner,
                listener);
    }

    public static ClusterPointExecutor start(PointRunner runner, ClusterOptions options) {
        return start(runner, options, new Listener() { });
    }

    public HazelcastInstance instance() {
        return instance;
    }

    /** Points put back in the queue because their member left or died. */
    public synchronized int reassigned() {
        return reassigned;
    }

    private record Assignment(SweepPoint point, Member member) {
    }

    private record Completion(long id, PointResult result, Throwable failure) {
    }

    @Override
    public void execute(List<SweepPoint> points, Consumer<PointResult> sink) throws InterruptedException {
        IExecutorService executor = instance.getExecutorService(SweepCluster.EXECUTOR);
        BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
        Deque<SweepPoint> waiting = new ArrayDeque<>(points);
        Map<Long, Assignment> inFlight = new HashMap<>();
        Map<Integer, Integer> attempts = new HashMap<>();
        Set<Integer> finished = new HashSet<>();
        long nextId = 0;
        while (finished.size() < points.size()) {
            Map<UUID, Member> live = new HashMap<>();
            for (Member m : instance.getCluster().getMembers()) {
                live.put(m.getUuid(), m);
            }
            for (var it = inFlight.entrySet().iterator(); it.hasNext(); ) {
                Assignment a = it.next().getValue();
                if (!live.containsKey(a.member().getUuid())) {
                    it.remove();
                    requeue(waiting, finished, a.point());
                }
            }
            Map<UUID, Integer> busy = new HashMap<>();
            for (Assignment a : inFlight.values()) {
                busy.merge(a.member().getUuid(), 1, Integer::sum);
            }
            for (Member member : live.values()) {
                int free = SweepCluster.threadsOf(member, sweepId) - busy.getOrDefault(member.getUuid(), 0);
                while (free > 0) {
                    SweepPoint next = waiting.pollFirst();
                    while (next != null && finished.contains(next.index())) {
                        next = waiting.pollFirst();
                    }
                    if (next == null) {
                        break;
                    }
                    long id = nextId++;
                    inFlight.put(id, new Assignment(next, member));
                    listener.assigned(next, member);
                    submit(executor, next, member, id, completions);
                    free--;
                }
            }
            Completion done = completions.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            while (done != null) {
                Assignment a = inFlight.remove(done.id());
                if (done.result() != null) {
                    PointResult r = done.result();
                    if (finished.add(r.point())) {
                        listener.returned(r, a == null ? null : a.member());
                        sink.accept(r);
                    }
                } else if (a != null) {
                    SweepPoint p = a.point();
                    if (memberGone(done.failure()) || !instance.getCluster().getMembers().contains(a.member())) {
                        requeue(waiting, finished, p);
                    } else if (attempts.merge(p.index(), 1, Integer::sum) < MAX_ATTEMPTS) {
                        waiting.addLast(p);
                    } else if (finished.add(p.index())) {
                        sink.accept(runner.error(p, "internal error: the point failed " + MAX_ATTEMPTS
                                + " times on the cluster, last on " + a.member().getAddress() + ": " + done.failure()
                                + " (this is a bug in clustersim)"));
                    }
                }
                done = completions.poll();
            }
        }
    }

    private synchronized void requeue(Deque<SweepPoint> waiting, Set<Integer> finished, SweepPoint point) {
        if (!finished.contains(point.index())) {
            waiting.addFirst(point);
            reassigned++;
        }
    }

    private void submit(IExecutorService executor, SweepPoint point, Member member, long id,
                        BlockingQueue<Completion> completions) {
        try {
            executor.submitToMember(new PointTask(sweepId, point.index()), member,
                    new ExecutionCallback<PointResult>() {
                        @Override
                        public void onResponse(PointResult response) {
                            completions.add(new Completion(id, response, null));
                        }

                        @Override
                        public void onFailure(Throwable t) {
                            completions.add(new Completion(id, null, t));
                        }
                    });
        } catch (RuntimeException e) { // the member went away between listing and submitting
            completions.add(new Completion(id, null, e));
        }
    }

    /** Failures that mean "the member is gone", not "the point is broken". */
    private static boolean memberGone(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MemberLeftException || c instanceof TargetNotMemberException
                    || c instanceof HazelcastInstanceNotActiveException || c instanceof RejectedExecutionException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        instance.shutdown();
    }
}
