package org.clustersim.units;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads "number unit" strings such as {@code 400Gbps}, {@code 1.5 ms}, {@code 80GiB} against a table of units.
 * Unit matching is exact on the unit's spelling (case matters where it carries meaning: {@code Gb} bits vs {@code GB}
 * bytes, {@code ms} vs {@code Ms}); whitespace between number and unit is allowed.
 */
final class QuantityParser {

    private static final Pattern NUMBER_UNIT =
            Pattern.compile("^\\s*([+-]?(?:\\d+(?:_\\d+)*(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*(.*?)\\s*$");

    private QuantityParser() {
    }

    /**
     * Parses {@code text} with {@code units} (spelling to multiplier of the base unit). Returns the value in the base
     * unit. {@code kind} names the quantity in messages ("bandwidth"); {@code examples} goes into the hint.
     */
    static double parse(String text, Map<String, Double> units, String kind, String examples) {
        if (text == null || text.isBlank()) {
            throw new UnitFormatException("empty " + kind, "write a number with a unit, e.g. " + examples);
        }
        Matcher matcher = NUMBER_UNIT.matcher(text);
        if (!matcher.matches()) {
            throw new UnitFormatException("cannot read " + kind + " '" + text + "'",
                    "write a number followed by a unit, e.g. " + examples);
        }
        double number = Double.parseDouble(matcher.group(1).replace("_", ""));
        String unit = matcher.group(2);
        if (unit.isEmpty()) {
            throw new UnitFormatException(kind + " '" + text + "' has no unit", "add a unit, e.g. " + examples);
        }
        Double multiplier = units.get(unit);
        if (multiplier == null) {
            throw new UnitFormatException("unknown " + kind + " unit '" + unit + "' in '" + text + "'",
                    "accepted units: " + String.join(", ", units.keySet()) + " (e.g. " + examples + ")");
        }
        double value = number * multiplier;
        if (!Double.isFinite(value)) {
            throw new UnitFormatException(kind + " '" + text + "' is out of range", "use a smaller number");
        }
        return value;
    }

    /** Formats {@code value} with up to 4 significant digits, trailing zeros trimmed. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String s = String.format(Locale.ROOT, "%.4g", value);
        if (s.contains("e") || s.contains("E")) {
            return s;
        }
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
