package org.clustersim.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Which layers each model chunk holds and which chunks each pipeline rank holds.
 *
 * <p>The model's units are its layers followed by its MTP modules. They are split into
 * {@link ParallelPlan#modelChunks()} chunks as evenly as possible; when they do not divide, the extra units go to the
 * middle chunks first, then to the first, then to the last, because the first chunk also holds the embedding and the last the output head (and the MTP
 * modules, which DeepSeek places with the head, A.2). DeepSeek-V3's 61 layers + 1 MTP module over 16 stages come out
 * as 3, 4 x 14, 3 units. A plan's {@link ParallelPlan#pipelineLayout()} gives the units per chunk instead.
 */
public record PipelineLayout(ModelShape model, ParallelPlan plan, List<Chunk> chunks) {

    /**
     * One model chunk: units {@code [firstUnit, firstUnit + units)}, where unit i is main layer i for i < layers and
     * MTP module i - layers beyond.
     */
    public record Chunk(int index, int firstUnit, int units, boolean hasEmbedding, boolean hasHead) {

        /** Main layers in this chunk, in order. */
        public List<Integer> layers(ModelShape model) {
            List<Integer> out = new ArrayList<>();
            for (int u = firstUnit; u < firstUnit + units && u < model.layers(); u++) {
                out.add(u);
            }
            return out;
        }

        /** MTP modules in this chunk. */
        public int mtpModules(ModelShape model) {
            int end = firstUnit + units;
            return Math.max(0, end - Math.max(firstUnit, model.layers()));
        }

        /** e.g. "layers 3-6" or "layers 59-60 + MTP". */
        public String describe(ModelShape model) {
            List<Integer> layers = layers(model);
            StringBuilder b = new StringBuilder();
            if (hasEmbedding) {
                b.append("embedding + ");
            }
            if (!layers.isEmpty()) {
                int first = layers.get(0);
                int last = layers.get(layers.size() - 1);
                b.append(first == last ? "layer " + first : "layers " + first + "-" + last);
            }
            int mtp = mtpModules(model);
            if (mtp > 0) {
                b.append(layers.isEmpty() ? "" : " + ").append(mtp == 1 ? "MTP" : mtp + " MTP");
            }
            if (hasHead) {
                b.append(" + head");
            }
            return b.toString();
        }
    }

    /** Lays out {@code model} for {@code plan} (which must have passed {@link ParallelPlan#validate}). */
    public static PipelineLayout of(ModelShape model, ParallelPlan plan) {
        int count = plan.modelChunks();
        if (!plan.pipelineLayout().isEmpty()) {
            List<Integer> given = PipelineLayoutString.unitsPerChunk(plan.pipelineLayout(), model, count);
            return fromSizes(model, plan, given.stream().mapToInt(Integer::intValue).toArray());
        }
        int units = model.layers() + model.mtpDepth();
        int[] sizes = new int[count];
        int base = units / count;
        int extra = units % count;
        java.util.Arrays.fill(sizes, base);
        List<Integer> order = new ArrayList<>();
        for (int i = 1; i < count - 1; i++) {
            order.add(i);
        }
        order.add(0);
        if (count > 1) {
            order.add(count - 1);
        }
        for (int i = 0; i < extra; i++) {
            sizes[order.get(i)]++;
        }
        return fromSizes(model, plan, sizes);
    }

    private static PipelineLayout fromSizes(ModelShape model, ParallelPlan plan, int[] sizes) {
        int count = sizes.length;
        List<Chunk> chunks = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < count; i++) {
            chunks.add(new Chunk(i, first, sizes[i], i == 0, i == count - 1));
            first += sizes[i];
        }
        return new PipelineLayout(model, plan, List.copyOf(chunks));
    }

    /** The chunks held by pipeline rank {@code rank}. */
    public List<Chunk> chunksOfRank(int rank) {
        List<Chunk> out = new ArrayList<>();
        for (int c : plan.schedule().chunksOfRank(rank, plan.pipeline(), plan.virtualStages())) {
            out.add(chunks.get(c));
        }
        return out;
    }
}
