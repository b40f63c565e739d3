package org.clustersim.report.html;

import java.util.Locale;

/** Escaping and number formats for the report: every piece of user text goes through {@link #escape}. */
final class Html {

    private Html() {
    }

    /** Text made safe for HTML element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        out.append(' '); // control characters are not allowed in HTML text
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** $5.63M, $1,629.5M, $294.7K, $12. */
    static String usd(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        String sign = v < 0 ? "-" : "";
        if (a >= 1e9) {
            return sign + String.format(Locale.ROOT, "$%,.2fB", a / 1e9);
        }
        if (a >= 1e6) {
            return sign + String.format(Locale.ROOT, "$%,.2fM", a / 1e6);
        }
        if (a >= 1e3) {
            return sign + String.format(Locale.ROOT, "$%,.1fK", a / 1e3);
        }
        return sign + String.format(Locale.ROOT, "$%,.0f", a);
    }

    /** 2.81M, 70.8K, 512. */
    static String count(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1e12) {
            return String.format(Locale.ROOT, "%.2fT", v / 1e12);
        }
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.2fB", v / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.1fK", v / 1e3);
        }
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,." + decimals + "f", v) : "n/a";
    }

    static String percent(double fraction, int decimals) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * fraction) : "n/a";
    }

    /** A share with the digits it needs: 76%, 4.6%, 0.04%. */
    static String share(double fraction) {
        double p = 100 * fraction;
        if (!Double.isFinite(p)) {
            return "n/a";
        }
        if (Math.abs(p) >= 10 || p == 0) {
            return String.format(Locale.ROOT, "%.0f%%", p);
        }
        return Math.abs(p) >= 1 ? String.format(Locale.ROOT, "%.1f%%", p) : String.format(Locale.ROOT, "%.2f%%", p);
    }

    /** A duration the way people say it: 57.2 days, 5.3 h, 19.93 s, 812 ms. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "n/a";
        }
        if (seconds >= 2 * 86400) {
            return String.format(Locale.ROOT, "%.1f days", seconds / 86400);
        }
        if (seconds >= 2 * 3600) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        }
        if (seconds >= 120) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        if (seconds >= 1) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        return String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
    }

    static String gib(double bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30));
    }
}
