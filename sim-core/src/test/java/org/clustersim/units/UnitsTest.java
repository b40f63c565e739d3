package org.clustersim.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.clustersim.units.Money.PriceUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({"400Gbps, 50e9", "400Gb/s, 50e9", "400 Gbps, 50e9", "50GB/s, 50e9", "200GB/s, 200e9",
            "3.35TB/s, 3.35e12", "1GiB/s, 1073741824", "8bps, 1"})
    void bandwidth(String text, double bytesPerSecond) {
        assertThat(Bandwidth.parse(text).bytesPerSecond()).isCloseTo(bytesPerSecond, offset(bytesPerSecond * 1e-12));
    }

    @ParameterizedTest
    @CsvSource({"2us, 2e-6", "2µs, 2e-6", "1.5ms, 1.5e-3", "30s, 30", "5min, 300", "2h, 7200", "3d, 259200",
            "100ns, 1e-7"})
    void duration(String text, double seconds) {
        assertThat(Duration.parse(text).seconds()).isCloseTo(seconds, offset(seconds * 1e-12));
    }

    @ParameterizedTest
    @CsvSource({"80GiB, 85899345920", "96GB, 96e9", "512MB, 512e6", "4KiB, 4096", "1TB, 1e12", "7B, 7"})
    void dataSize(String text, double bytes) {
        assertThat(DataSize.parse(text).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"8K, 8192", "1M, 1048576", "8G, 8589934592", "64, 64", "128B, 128"})
    void ncclTestsSizesAreBinary(String text, double bytes) {
        assertThat(DataSize.parseBinaryShorthand(text).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"14.8T, 14.8e12", "469B, 469e9", "62.9M, 62.9e6", "4096, 4096", "3.7e24, 3.7e24", "1_000, 1000"})
    void count(String text, double value) {
        assertThat(Count.parse(text).value()).isCloseTo(value, offset(value * 1e-12));
    }

    @ParameterizedTest
    @CsvSource({"700W, 700", "10.2kW, 10200", "1.5MW, 1.5e6"})
    void power(String text, double watts) {
        assertThat(Power.parse(text).watts()).isCloseTo(watts, offset(1e-9));
    }

    @ParameterizedTest
    @CsvSource({"989.4TFLOPS, 989.4e12", "1979 TFLOP/s, 1979e12", "1.98PFLOPS, 1.98e15"})
    void flopRate(String text, double flops) {
        assertThat(FlopRate.parse(text).flopsPerSecond()).isCloseTo(flops, offset(flops * 1e-12));
    }

    @Test
    void money() {
        assertThat(Money.parse("$270000", PriceUnit.NONE).usd()).isEqualTo(270000);
        assertThat(Money.parse("$1.6B", PriceUnit.NONE).usd()).isEqualTo(1.6e9);
        assertThat(Money.parse("270,000 USD", PriceUnit.NONE).usd()).isEqualTo(270000);
        Money price = Money.parse("$2/GPU-h", PriceUnit.GPU_HOUR);
        assertThat(price.usd()).isEqualTo(2);
        assertThat(price.per()).isEqualTo(PriceUnit.GPU_HOUR);
        assertThat(Money.parse("$0.08/kWh", PriceUnit.KWH).usd()).isEqualTo(0.08);
        assertThat(Money.parse("$150/kW-month", PriceUnit.KW_MONTH).usd()).isEqualTo(150);
    }

    @Test
    void missingOrWrongUnitsAreUserErrorsWithHints() {
        assertThatThrownBy(() -> Bandwidth.parse("400")).isInstanceOf(UnitFormatException.class)
                .hasMessageContaining("has no unit");
        assertThatThrownBy(() -> Bandwidth.parse("400Gbit")).isInstanceOf(UnitFormatException.class)
                .hasMessageContaining("unknown bandwidth unit 'Gbit'")
                .satisfies(e -> assertThat(((UnitFormatException) e).hint()).contains("Gbps"));
        assertThatThrownBy(() -> Duration.parse("fast")).isInstanceOf(UnitFormatException.class);
        assertThatThrownBy(() -> DataSize.parse("")).isInstanceOf(UnitFormatException.class);
        assertThatThrownBy(() -> Money.parse("2", PriceUnit.GPU_HOUR)).isInstanceOf(UnitFormatException.class)
                .hasMessageContaining("no currency");
        assertThatThrownBy(() -> Money.parse("$2", PriceUnit.GPU_HOUR)).isInstanceOf(UnitFormatException.class)
                .hasMessageContaining("price per GPU-h is needed");
        assertThatThrownBy(() -> Money.parse("$2/parsec", PriceUnit.GPU_HOUR)).isInstanceOf(UnitFormatException.class)
                .hasMessageContaining("unknown price unit");
        assertThatThrownBy(() -> Count.parse("-5")).isInstanceOf(UnitFormatException.class);
        assertThatThrownBy(() -> Bandwidth.parse("1e400GB/s")).isInstanceOf(UnitFormatException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void canonicalTextParsesBackToTheSameValue() {
        for (String text : new String[] {"50GB/s", "400Gbps", "123.4GB/s"}) {
            Bandwidth b = Bandwidth.parse(text);
            assertThat(Bandwidth.parse(b.toString()).bytesPerSecond()).isCloseTo(b.bytesPerSecond(),
                    offset(b.bytesPerSecond() * 1e-3));
        }
        assertThat(Duration.parse(Duration.parse("2.5us").toString()).seconds()).isCloseTo(2.5e-6, offset(1e-18));
        assertThat(Count.parse(Count.parse("14.8T").toString()).value()).isEqualTo(14.8e12);
    }
}
