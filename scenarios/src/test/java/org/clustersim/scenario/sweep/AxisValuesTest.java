package org.clustersim.scenario.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.clustersim.error.UserError;
import org.clustersim.scenario.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AxisValuesTest {

    static final Catalog CATALOG = Catalog.builtIn();
    static final AxisValues.ErrorFactory ERROR = AxisValues.forArgument("--axis test");

    static List<String> parse(String text) {
        return AxisValues.parse(text, CATALOG, ERROR);
    }

    @Test
    void listsSplitAtTopLevelCommasOnly() {
        assertThat(parse("H800,H100, H20")).containsExactly("H800", "H100", "H20");
        assertThat(parse("{context: 8, data: 16},{context: 32, data: 4}"))
                .containsExactly("{context: 8, data: 16}", "{context: 32, data: 4}");
        assertThat(parse("'a,b',c")).containsExactly("'a,b'", "c");
        assertThat(parse("512")).containsExactly("512");
    }

    @Test
    void arithmeticRangesIncludeTheEndWhenReachedAndKeepUnits() {
        assertThat(parse("256..1024:256")).containsExactly("256", "512", "768", "1024");
        assertThat(parse("256..1000:256")).containsExactly("256", "512", "768");
        assertThat(parse("1..3")).containsExactly("1", "2", "3");
        assertThat(parse("$1/GPU-h..$2/GPU-h:0.25"))
                .containsExactly("$1/GPU-h", "$1.25/GPU-h", "$1.5/GPU-h", "$1.75/GPU-h", "$2/GPU-h");
        assertThat(parse("5T..15T:5T")).containsExactly("5T", "10T", "15T");
        assertThat(parse("4..1:-1")).containsExactly("4", "3", "2", "1");
    }

    @Test
    void decimalStepsDoNotDrift() {
        // 0.1 added 30 times in binary floating point misses 3.0; the range must end exactly on it
        List<String> values = parse("0..3:0.1");
        assertThat(values).hasSize(31).startsWith("0", "0.1", "0.2").endsWith("2.9", "3");
    }

    @Test
    void geometricRanges() {
        assertThat(parse("128..2048:x2")).containsExactly("128", "256", "512", "1024", "2048");
        assertThat(parse("1000..10:x0.1")).containsExactly("1000", "100", "10");
        assertThat(parse("0.00001..0.0001:x2")).containsExactly("0.00001", "0.00002", "0.00004", "0.00008");
    }

    @Test
    void presetSetsListTheCatalog() {
        assertThat(parse("@gpus")).containsExactlyElementsOf(CATALOG.gpus().keySet()).contains("H800", "H20");
        assertThat(parse("@models")).contains("deepseek-v3", "llama3-8b");
        assertThat(parse("@nodes")).containsExactlyElementsOf(CATALOG.nodes().keySet());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$1/GPU-h..4:1      | different units",
        "1..10:0            | never ends",
        "10..1:1            | away from the end",
        "1..10:$1/GPU-h     | step's unit differs",
        "0..8:x2            | positive ends",
        "1..8:x1            | not 1",
        "1..8:xx            | bad factor",
        "a..b               | has no number",
        "@cpus              | unknown preset set",
        "H800,,H20          | empty value",
        "1..1000000000      | more than"})
    void badAxesAreUserErrorsNamingTheProblem(String text, String expected) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(UserError.class).hasMessageContaining(expected.strip());
    }
}
