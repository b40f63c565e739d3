package org.clustersim.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Megatron-Core's pipeline layout strings ({@code --pipeline-model-parallel-layout}, 2025): the model's chunks in
 * virtual-stage order, separated by {@code |}, each a run of {@code E} (embedding), {@code t} (transformer layer),
 * {@code m} (MTP module) and {@code L} (output head and loss); {@code X*n} and {@code (...)*n} repeat. NeMo's
 * DeepSeek-V3 recipe on H100, for one, lays 61 layers and one MTP module over 8 x 4 chunks as
 * {@code Et|(tt|)*30mL} (Megatron-Bridge scripts/performance/configs/deepseek/deepseek_llm_pretrain.py).
 *
 * <p>What clustersim needs of it is how many units (layers, then MTP modules) each chunk holds; the embedding must
 * open the first chunk and the head close the last, the only places the step simulator puts them.
 */
public final class PipelineLayoutString {

    private PipelineLayoutString() {
    }

    /**
     * Units per chunk of {@code layout} for {@code model} split into {@code chunks} chunks.
     *
     * @throws WorkloadError (key {@code pipelineLayout}) naming what does not match and how to fix it
     */
    public static List<Integer> unitsPerChunk(String layout, ModelShape model, int chunks) {
        String expanded = expand(layout.replace(" ", ""), layout);
        String[] stages = expanded.split("\\|", -1);
        if (stages.length != chunks) {
            throw error(layout, "has " + stages.length + " chunks, the plan " + chunks,
                    "give one '|'-separated chunk per pipeline stage x virtual stage (" + chunks + ")");
        }
        List<Integer> units = new ArrayList<>();
        int layers = 0;
        int mtp = 0;
        for (int i = 0; i < stages.length; i++) {
            String stage = stages[i];
            int count = 0;
            for (int c = 0; c < stage.length(); c++) {
                char ch = stage.charAt(c);
                switch (ch) {
                    case 'E' -> {
                        if (i != 0 || c != 0) {
                            throw error(layout, "puts the embedding (E) elsewhere than at the start of the first "
                                    + "chunk", "clustersim keeps the embedding at the start of chunk 0");
                        }
                    }
                    case 'L' -> {
                        if (i != stages.length - 1 || c != stage.length() - 1) {
                            throw error(layout, "puts the head and loss (L) elsewhere than at the end of the last "
                                    + "chunk", "clustersim keeps the head at the end of the last chunk");
                        }
                    }
                    case 't' -> {
                        if (mtp > 0) {
                            throw error(layout, "places a transformer layer (t) after an MTP module (m)",
                                    "MTP modules follow the last layer");
                        }
                        layers++;
                        count++;
                    }
                    case 'm' -> {
                        mtp++;
                        count++;
                    }
                    default -> throw error(layout, "has '" + ch + "', which is not E, t, m, L, |, ( ) or *n",
                            "write chunks of E, t, m and L, e.g. Et|(tt|)*30mL");
                }
            }
            units.add(count);
        }
        if (!stages[0].startsWith("E")) {
            throw error(layout, "does not start with the embedding (E)", "begin the first chunk with E");
        }
        if (!stages[stages.length - 1].endsWith("L")) {
            throw error(layout, "does not end with the head and loss (L)", "end the last chunk with L");
        }
        if (layers != model.layers() || mtp != model.mtpDepth()) {
            throw error(layout, "holds " + layers + " layers and " + mtp + " MTP modules, the model " + model.layers()
                    + " and " + model.mtpDepth(), "one t per layer and one m per MTP module");
        }
        return List.copyOf(units);
    }

    /** Expands {@code X*n} and {@code (...)*n}, innermost groups first. */
    private static String expand(String s, String original) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            String unit;
            if (ch == '(') {
                int depth = 1;
                int j = i + 1;
                while (j < s.length() && depth > 0) {
                    depth += s.charAt(j) == '(' ? 1 : s.charAt(j) == ')' ? -1 : 0;
                    j++;
                }
                if (depth != 0) {
                    throw error(original, "has an unclosed '('", "close every group, e.g. (tt|)*30");
                }
                unit = expand(s.substring(i + 1, j - 1), original);
                i = j;
            } else if (ch == ')') {
                throw error(original, "has a ')' without its '('", "open every group, e.g. (tt|)*30");
            } else {
                unit = String.valueOf(ch);
                i++;
            }
            int times = 1;
            if (i < s.length() && s.charAt(i) == '*') {
                int j = i + 1;
                while (j < s.length() && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    throw error(original, "has a '*' without a count after it", "write X*n or (...)*n, e.g. t*4");
                }
                if (j - i - 1 > 6) {
                    throw error(original, "repeats something " + s.substring(i + 1, j) + " times",
                            "repeat fewer times");
                }
                times = Integer.parseInt(s.substring(i + 1, j));
                i = j;
            }
            if ((long) unit.length() * times > 1_000_000) {
                throw error(original, "expands to more than a million characters", "repeat fewer times");
            }
            out.append(unit.repeat(times));
        }
        return out.toString();
    }

    private static WorkloadError error(String layout, String what, String hint) {
        return new WorkloadError("pipelineLayout", "pipelineLayout '" + layout + "' " + what, hint);
    }
}
