package org.clustersim.scenario.spec;

import java.util.List;
import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Range;

@Doc("Uneven expert load. Balanced when absent. The busiest rank of each expert-parallel group sets its pace.")
public record ExpertLoadSpec(
        @Range(min = 0, max = 5) @Doc("Log-normal sigma of tokens per expert, drawn from the seeded 'expert-load' "
                + "stream (0 = balanced).") Double skew,
        @Doc("Draw a different histogram for every expert-parallel group (groups then differ, and the step is "
                + "simulated in full mode).") Boolean perGroup,
        @Doc("Tokens per routed expert, applied to every expert-parallel group (overrides skew).")
        List<Double> histogram) {
}
