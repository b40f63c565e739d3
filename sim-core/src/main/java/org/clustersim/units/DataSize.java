package org.clustersim.units;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An amount of data in bytes. In files, {@code KB/MB/GB/TB} are decimal and {@code KiB/MiB/GiB/TiB} binary, as HBM
 * and disk vendors write them. On the command line, size lists use nccl-tests' bare {@code K/M/G} suffixes, which are
 * binary: see {@link #parseBinaryShorthand(String)}.
 */
public record DataSize(double bytes) implements Comparable<DataSize> {

    static final String EXAMPLES = "80GiB, 96GB, 512MB, 4KiB";
    static final Map<String, Double> UNITS = new LinkedHashMap<>();
    static final Map<String, Double> SHORTHAND = new LinkedHashMap<>();

    static {
        UNITS.put("B", 1.0);
        double decimal = 1;
        double binary = 1;
        for (String prefix : new String[] {"K", "M", "G", "T", "P"}) {
            decimal *= 1000;
            binary *= 1024;
            UNITS.put(prefix + "B", decimal);
            UNITS.put(prefix + "iB", binary);
            SHORTHAND.put(prefix, binary);
        }
        SHORTHAND.put("B", 1.0);
        SHORTHAND.put("", 1.0);
    }

    public DataSize {
        if (!(bytes >= 0) || Double.isInfinite(bytes)) {
            throw new IllegalArgumentException("data size must be finite and >= 0: " + bytes);
        }
    }

    public static DataSize parse(String text) {
        return new DataSize(QuantityParser.parse(text, UNITS, "data size", EXAMPLES));
    }

    /** nccl-tests style: {@code 8K} = 8192 bytes, {@code 1G} = 2^30; a bare number is bytes. */
    public static DataSize parseBinaryShorthand(String text) {
        if (text != null && text.strip().matches("[0-9]+")) {
            return new DataSize(Double.parseDouble(text.strip()));
        }
        return new DataSize(QuantityParser.parse(text, SHORTHAND, "size", "8, 8K, 128M, 8G (binary, as nccl-tests)"));
    }

    public static DataSize ofBytes(double bytes) {
        return new DataSize(bytes);
    }

    public static DataSize ofGiB(double gibibytes) {
        return new DataSize(gibibytes * 1024 * 1024 * 1024);
    }

    public double gibibytes() {
        return bytes / (1024.0 * 1024 * 1024);
    }

    public double gigabytes() {
        return bytes / 1e9;
    }

    @Override
    public int compareTo(DataSize other) {
        return Double.compare(bytes, other.bytes);
    }

    @Override
    public String toString() {
        if (bytes >= 1e9) {
            return QuantityParser.number(bytes / 1e9) + "GB";
        }
        if (bytes >= 1e6) {
            return QuantityParser.number(bytes / 1e6) + "MB";
        }
        if (bytes >= 1e3) {
            return QuantityParser.number(bytes / 1e3) + "KB";
        }
        return QuantityParser.number(bytes) + "B";
    }
}
