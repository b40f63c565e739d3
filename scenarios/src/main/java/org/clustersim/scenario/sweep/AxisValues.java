package org.clustersim.scenario.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clustersim.error.UserError;
import org.clustersim.scenario.catalog.Catalog;

/**
 * Turns the ways an axis can be written into its list of values: a comma list ({@code H800,H100}), a range
 * ({@code 256..1024:256}, {@code 256..2048:x2}, {@code $1/GPU-h..$4/GPU-h:0.5}) or a catalog preset set
 * ({@code @gpus}, {@code @nodes}, {@code @models}).
 */
public final class AxisValues {

    /** More values than this on one axis is a typo in a range, not a plan. */
    static final int MAX_VALUES = 100_000;
    /** Significant digits kept when a factor does not multiply exactly. */
    private static final MathContext DIGITS = new MathContext(12);
    private static final Pattern QUANTITY =
            Pattern.compile("^([^0-9+\\-.]*)([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)(.*)$");

    private AxisValues() {
    }

    /**
     * Values of an {@code --axis PATH=VALUES} argument's right-hand side.
     *
     * @param error makes the located error for a message and a hint
     */
    public static List<String> parse(String text, Catalog catalog, ErrorFactory error) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw error.make("no values", t, "write e.g. --axis cluster.nodes=256,512 or --axis cluster.nodes=256..1024:256");
        }
        if (t.startsWith("@")) {
            return preset(t.substring(1), catalog, error);
        }
        List<String> items = splitTopLevel(t);
        if (items.size() == 1 && t.contains("..") && !t.startsWith("{") && !t.startsWith("[")) {
            int dots = t.indexOf("..");
            String from = t.substring(0, dots);
            String rest = t.substring(dots + 2);
            int colon = rest.lastIndexOf(':');
            String to = colon < 0 ? rest : rest.substring(0, colon);
            String step = colon < 0 ? null : rest.substring(colon + 1).strip();
            Double factor = null;
            if (step != null && step.toLowerCase(Locale.ROOT).startsWith("x")) {
                try {
                    factor = Double.parseDouble(step.substring(1));
                } catch (NumberFormatException e) {
                    throw error.make("bad factor '" + step + "'", t, "write e.g. 256..2048:x2 (x then a number)");
                }
                step = null;
            }
            return range(from.strip(), to.strip(), step, factor, error);
        }
        for (String item : items) {
            if (item.isBlank()) {
                throw error.make("empty value in the list", t, "separate values with single commas, e.g. H800,H100");
            }
        }
        return items;
    }

    /** Every preset id of a catalog kind ({@code gpus}, {@code nodes}, {@code models}). */
    public static List<String> preset(String kind, Catalog catalog, ErrorFactory error) {
        return switch (kind.strip().toLowerCase(Locale.ROOT)) {
            case "gpus" -> List.copyOf(catalog.gpus().keySet());
            case "nodes" -> List.copyOf(catalog.nodes().keySet());
            case "models" -> List.copyOf(catalog.models().keySet());
            default -> throw error.make("unknown preset set '@" + kind + "'", "@" + kind,
                    "use @gpus, @nodes or @models");
        };
    }

    /**
     * The values from {@code from} to {@code to} (included when reached) by an added {@code step} (default 1) or a
     * multiplied {@code factor}. A unit around the numbers ({@code $1/GPU-h}) must be the same on both ends and is
     * kept; decimal arithmetic, so 0.1 steps do not drift.
     */
    public static List<String> range(String from, String to, String step, Double factor, ErrorFactory error) {
        Quantity a = quantity(from, "start", error);
        Quantity b = quantity(to, "end", error);
        if (!a.prefix().equals(b.prefix()) || !a.suffix().equals(b.suffix())) {
            throw error.make("the range's ends have different units: '" + from + "' and '" + to + "'", from + ".." + to,
                    "write both ends with the same unit, e.g. $1/GPU-h..$4/GPU-h");
        }
        if (step != null && factor != null) {
            throw error.make("a range takes a step or a factor, not both", step, "remove one of them");
        }
        List<String> out = new ArrayList<>();
        if (factor != null) {
            if (!(factor > 0) || factor == 1 || Double.isInfinite(factor)) {
                throw error.make("a factor must be positive and not 1", String.valueOf(factor), "write e.g. x2");
            }
            BigDecimal f = new BigDecimal(Double.toString(factor));
            if (a.number().signum() <= 0 || b.number().signum() <= 0) {
                throw error.make("a geometric range needs positive ends", from + ".." + to,
                        "use a step instead, or positive ends");
            }
            boolean up = factor > 1;
            for (BigDecimal v = a.number(); up ? v.compareTo(b.number()) <= 0 : v.compareTo(b.number()) >= 0;
                 v = v.multiply(f, DIGITS)) {
                out.add(a.with(v));
                checkSize(out, from, to, error);
            }
        } else {
            BigDecimal s = BigDecimal.ONE;
            if (step != null) {
                Quantity q = quantity(step, "step", error);
                if (!(q.prefix().isEmpty() && q.suffix().isEmpty())
                        && !(q.prefix().equals(a.prefix()) && q.suffix().equals(a.suffix()))) {
                    throw error.make("the step's unit differs from the range's: '" + step + "'", step,
                            "write the step as a bare number or with the same unit as the ends");
                }
                s = q.number();
            }
            if (s.signum() == 0) {
                throw error.make("a step of 0 never ends", step, "use a step other than 0");
            }
            int direction = b.number().compareTo(a.number());
            if (direction != 0 && direction != s.signum()) {
                throw error.make("the step goes away from the end", step, "use a " + (direction > 0 ? "positive"
                        : "negative") + " step to go from " + from + " to " + to);
            }
            boolean up = s.signum() > 0;
            for (BigDecimal v = a.number(); up ? v.compareTo(b.number()) <= 0 : v.compareTo(b.number()) >= 0;
                 v = v.add(s)) {
                out.add(a.with(v));
                checkSize(out, from, to, error);
            }
        }
        if (out.isEmpty()) {
            throw error.make("the range is empty", from + ".." + to, "make the end reachable from the start");
        }
        return out;
    }

    private static void checkSize(List<String> values, String from, String to, ErrorFactory error) {
        if (values.size() > MAX_VALUES) {
            throw error.make("the range has more than " + MAX_VALUES + " values", from + ".." + to,
                    "use a larger step");
        }
    }

    private record Quantity(String prefix, BigDecimal number, String suffix) {
        String with(BigDecimal v) {
            BigDecimal plain = v.stripTrailingZeros();
            return prefix + (plain.scale() < 0 ? plain.setScale(0).toPlainString() : plain.toPlainString()) + suffix;
        }
    }

    private static Quantity quantity(String text, String what, ErrorFactory error) {
        Matcher m = QUANTITY.matcher(text.strip());
        if (!m.matches()) {
            throw error.make("the range's " + what + " '" + text + "' has no number", text,
                    "write e.g. 256..1024:256 or $1/GPU-h..$4/GPU-h:0.5");
        }
        return new Quantity(m.group(1), new BigDecimal(m.group(2)), m.group(3));
    }

    /** Splits at commas outside brackets, braces and quotes, so {@code {context: 8, data: 16}} stays one value. */
    static List<String> splitTopLevel(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(current.toString().strip());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        out.add(current.toString().strip());
        return out;
    }

    /** Makes the located error for a bad axis: message, offending value, hint. */
    @FunctionalInterface
    public interface ErrorFactory {
        UserError make(String message, String value, String hint);
    }

    /** An error factory that names an {@code --axis} argument. */
    public static ErrorFactory forArgument(String argument) {
        return (message, value, hint) -> new org.clustersim.scenario.ScenarioError(
                new org.clustersim.scenario.source.SourceLocation(argument, 1, 1), message, value, hint);
    }
}
