package org.clustersim.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schedule's per-rank programs with the micro-batch numbers taken out: how many ops of each kind each rank runs on
 * each (chain, position), and which op each rank starts and ends with. Op durations do not depend on the micro-batch,
 * so this is all a bound on the timeline needs, and it is shared by every plan with the same schedule, pipeline
 * degree, virtual stages and micro-batch count.
 *
 * @param ranks per pipeline rank, in rank order
 */
public record ProgramProfile(PipelineLayout layout, List<RankProfile> ranks) {

    /**
     * One op shape with the micro-batch dropped ({@link PipelineOp#microBatch()} and
     * {@link PipelineOp#backwardMicroBatch()} are -1) and how often the rank runs it.
     */
    public record Entry(PipelineOp op, long count) {
    }

    /** A rank's ops by shape, its first op and its last op (null for a rank with no ops). */
    public record RankProfile(List<Entry> entries, PipelineOp first, PipelineOp last) {
        public RankProfile {
            entries = List.copyOf(entries);
        }
    }

    public ProgramProfile {
        ranks = List.copyOf(ranks);
    }

    /**
     * Profiles {@code schedule} for these degrees.
     *
     * @throws IllegalArgumentException when the schedule cannot run them (its {@code constraintViolation})
     */
    public static ProgramProfile of(PipelineSchedule schedule, int ranks, int virtualStages, int microBatches) {
        String violation = schedule.constraintViolation(ranks, virtualStages, microBatches);
        if (violation != null) {
            throw new IllegalArgumentException(violation);
        }
        PipelineLayout layout = schedule.layout(ranks, virtualStages, microBatches);
        List<RankProfile> out = new ArrayList<>();
        for (List<PipelineOp> program : schedule.program(layout)) {
            // ops counted by their shape packed into a long (the programs of long steps hold 10^5 ops)
            Map<Long, long[]> counts = new LinkedHashMap<>();
            Map<Long, PipelineOp> shapes = new LinkedHashMap<>();
            for (PipelineOp op : program) {
                long key = pack(op);
                long[] n = counts.get(key);
                if (n == null) {
                    counts.put(key, new long[] {1});
                    shapes.put(key, shape(op));
                } else {
                    n[0]++;
                }
            }
            List<Entry> entries = new ArrayList<>();
            counts.forEach((key, n) -> entries.add(new Entry(shapes.get(key), n[0])));
            out.add(new RankProfile(entries, program.isEmpty() ? null : program.get(0),
                    program.isEmpty() ? null : program.get(program.size() - 1)));
        }
        return new ProgramProfile(layout, out);
    }

    private static long pack(PipelineOp op) {
        return ((((long) op.kind().ordinal() * 4 + (op.chain() + 1)) * 4 + (op.backwardChain() + 1)) << 40)
                | ((long) (op.position() + 1) << 20) | (op.backwardPosition() + 1);
    }

    private static PipelineOp shape(PipelineOp op) {
        return new PipelineOp(op.kind(), op.chain(), op.position(), -1, op.backwardChain(), op.backwardPosition(),
                -1);
    }
}
