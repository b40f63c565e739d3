package org.clustersim.scenario.sweep;

import java.util.List;
import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.Required;
import org.clustersim.scenario.bind.Spelled;

/**
 * A sweep file as written: a base scenario and the axes that vary it. Bound by the same strict binder as scenario
 * files, so an unknown key is a located error with a suggestion.
 */
@Doc("A sweep: a base scenario and the axes that vary it; each combination of axis values is one point.")
public record SweepSpec(
        @Doc("Name of the sweep (default: the base scenario's name + '-sweep'); names the default results file.")
        String name,
        @Doc("Free text.") String description,
        @Required @Doc("The base scenario file, relative to this file.") String base,
        @Doc("Overrides applied to every point, each PATH=VALUE as with --set.") List<String> set,
        @Doc("grid (default): every combination of the axes; zip: the i-th values of all axes together.")
        Combine combine,
        @Doc("Groups of axis paths whose values go together (equal lengths); the groups and the other axes form a "
                + "grid.") List<List<String>> zip,
        @Required @Doc("The axes, in order; the last varies fastest.") List<AxisSpec> axes) {

    /** How axes combine into points. */
    public enum Combine implements Spelled {
        GRID("grid"), ZIP("zip");

        private final String spelling;

        Combine(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String spelling() {
            return spelling;
        }
    }

    /** One axis: a scenario key path and its values, given as a list, a range or a catalog preset set. */
    @Doc("One axis: a scenario key path (as --set takes) and the values it takes: values, range or preset.")
    public record AxisSpec(
            @Required @Doc("Scenario key path, e.g. cluster.nodes or training.phases[0].tokens.") String path,
            @Doc("The values, each as --set would take it, e.g. [256, 512] or ['$2/GPU-h', '$3/GPU-h'].")
            List<String> values,
            @Doc("An arithmetic or geometric range.") RangeSpec range,
            @Doc("Every preset of a catalog kind: gpus, nodes or models.") PresetSet preset) {
    }

    /** A range of values with a unit written around the number: from, to and a step or a factor. */
    @Doc("Values from 'from' to 'to' (included when reached) by 'step' (added) or 'factor' (multiplied); a unit "
            + "written around the numbers is kept, e.g. from: $1/GPU-h, to: $4/GPU-h, step: 0.5.")
    public record RangeSpec(
            @Required @Doc("First value, e.g. 256 or $1/GPU-h.") String from,
            @Required @Doc("Last value (included when the steps reach it).") String to,
            @Doc("Added each time (default 1 unless 'factor' is given); may carry the same unit.") String step,
            @Doc("Multiplied each time instead of a step, e.g. 2.") Double factor) {
    }

    /** The catalog kinds an axis can take every preset of. */
    public enum PresetSet {
        GPUS, NODES, MODELS
    }
}
