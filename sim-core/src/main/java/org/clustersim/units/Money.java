package org.clustersim.units;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of US dollars, optionally per a unit: {@code $270000}, {@code $1.6B}, {@code $2/GPU-h},
 * {@code $0.08/kWh}, {@code $150/kW-month}. Money always carries a currency sign or code, so a bare number is refused:
 * it is the most common unit mistake in price tables.
 */
public record Money(double usd, PriceUnit per) {

    /** What a price is per. {@link #NONE} is a plain amount. */
    public enum PriceUnit {
        NONE(""), GPU_HOUR("GPU-h"), KWH("kWh"), KW_MONTH("kW-month"), YEAR("year"), GPU("GPU"), NODE("node"),
        SWITCH("switch"), LINK("link"), TB("TB"), TB_MONTH("TB-month");

        private final String spelling;

        PriceUnit(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }

        static PriceUnit of(String text) {
            String t = text.strip();
            for (PriceUnit unit : values()) {
                if (unit != NONE && unit.spelling.equalsIgnoreCase(t)) {
                    return unit;
                }
            }
            return switch (t.toLowerCase(Locale.ROOT)) {
                case "gpu-hour", "gpu-hr", "gpuh", "gpu hour" -> GPU_HOUR;
                case "kw-mo", "kw/month" -> KW_MONTH;
                case "yr", "y" -> YEAR;
                default -> null;
            };
        }
    }

    private static final Pattern MONEY = Pattern.compile(
            "^\\s*(\\$|USD\\s*)?\\s*([+-]?(?:\\d+(?:[_,]\\d+)*(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*([KMB])?\\s*(USD)?"
                    + "\\s*(?:/\\s*(.+?))?\\s*$");

    public Money {
        if (!Double.isFinite(usd)) {
            throw new IllegalArgumentException("money must be finite: " + usd);
        }
        if (per == null) {
            throw new IllegalArgumentException("per must not be null; use PriceUnit.NONE");
        }
    }

    public static Money usd(double usd) {
        return new Money(usd, PriceUnit.NONE);
    }

    public static Money perGpuHour(double usd) {
        return new Money(usd, PriceUnit.GPU_HOUR);
    }

    /** Parses money and checks that it is per {@code expected} (use {@link PriceUnit#NONE} for a plain amount). */
    public static Money parse(String text, PriceUnit expected) {
        String examples = expected == PriceUnit.NONE ? "$270000, $1.6B, 270000 USD"
                : "$2/" + expected.spelling() + ", 2 USD/" + expected.spelling();
        if (text == null || text.isBlank()) {
            throw new UnitFormatException("empty amount of money", "write e.g. " + examples);
        }
        Matcher m = MONEY.matcher(text);
        if (!m.matches()) {
            throw new UnitFormatException("cannot read money '" + text + "'", "write e.g. " + examples);
        }
        if (m.group(1) == null && m.group(4) == null) {
            throw new UnitFormatException("money '" + text + "' has no currency",
                    "write dollars with a $ sign or USD, e.g. " + examples);
        }
        double amount = Double.parseDouble(m.group(2).replace("_", "").replace(",", ""));
        if (m.group(3) != null) {
            amount *= switch (m.group(3)) {
                case "K" -> 1e3;
                case "M" -> 1e6;
                default -> 1e9;
            };
        }
        PriceUnit per = PriceUnit.NONE;
        if (m.group(5) != null) {
            per = PriceUnit.of(m.group(5));
            if (per == null) {
                throw new UnitFormatException("unknown price unit '/" + m.group(5) + "' in '" + text + "'",
                        "write e.g. " + examples);
            }
        }
        if (per != expected) {
            String got = per == PriceUnit.NONE ? "a plain amount" : "per " + per.spelling();
            String want = expected == PriceUnit.NONE ? "a plain amount" : "a price per " + expected.spelling();
            throw new UnitFormatException("'" + text + "' is " + got + ", but " + want + " is needed",
                    "write e.g. " + examples);
        }
        return new Money(amount, per);
    }

    @Override
    public String toString() {
        String amount = "$" + QuantityParser.number(usd);
        return per == PriceUnit.NONE ? amount : amount + "/" + per.spelling();
    }
}
