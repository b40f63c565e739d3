package org.clustersim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per kind of bad input: each is a ScenarioError with file, line, column, the value and a hint. */
class ScenarioErrorsTest {

    static ScenarioLoader loader;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadCatalog() {
        loader = new ScenarioLoader();
    }

    static final String VALID = """
            name: t
            cluster:
              gpu: H800
              nodes: 2
            training:
              phases:
                - name: p
                  flops: 1e20
            costs:
              gpuHourPrice: $2/GPU-h
            """;

    private ScenarioError fail(String yaml, String... overrides) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, yaml);
        return failFile(file, overrides);
    }

    private static ScenarioError failFile(Path file, String... overrides) {
        ScenarioError e = catchThrowableOfType(ScenarioError.class, () -> loader.load(file, List.of(overrides)));
        assertThat(e).as("expected a ScenarioError").isNotNull();
        System.out.println(e.userMessage());
        return e;
    }

    private static void assertAt(ScenarioError e, String fileSuffix, int line, int column) {
        assertThat(e.location().source()).endsWith(fileSuffix);
        assertThat(e.location().line()).as("line").isEqualTo(line);
        assertThat(e.location().column()).as("column").isEqualTo(column);
        assertThat(e.userMessage()).startsWith(e.location().toString() + ": error: ");
        assertThat(e.hint()).isNotBlank();
    }

    @Test
    void validBaseLoads() throws IOException {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, VALID);
        Scenario s = loader.load(file, List.of());
        assertThat(s.cluster().gpuCount()).isEqualTo(16);
        assertThat(s.cluster().gpu().nvlinkBytesPerSecondPerDirection()).isEqualTo(200e9);
    }

    @Test
    void unknownKeySuggestsTheClosest() throws IOException {
        ScenarioError e = fail(VALID.replace("  nodes: 2", "  nodse: 2"));
        assertAt(e, "s.yaml", 4, 3);
        assertThat(e.getMessage()).contains("unknown key 'nodse' in 'cluster'");
        assertThat(e.hint()).contains("did you mean 'nodes'");
        assertThat(e.value()).isEqualTo("nodse");
    }

    @Test
    void unknownTopLevelKey() throws IOException {
        ScenarioError e = fail(VALID + "trainig: {}\n");
        assertAt(e, "s.yaml", 11, 1);
        assertThat(e.hint()).contains("did you mean 'training'");
    }

    @Test
    void wrongType() throws IOException {
        ScenarioError e = fail(VALID.replace("nodes: 2", "nodes: two"));
        assertAt(e, "s.yaml", 4, 10);
        assertThat(e.getMessage()).contains("'cluster.nodes' must be a whole number");
        assertThat(e.value()).isEqualTo("two");
    }

    @Test
    void sectionGivenAsScalar() throws IOException {
        ScenarioError e = fail(VALID.replace("costs:\n  gpuHourPrice: $2/GPU-h", "costs: 5"));
        assertAt(e, "s.yaml", 9, 8);
        assertThat(e.getMessage()).contains("'costs' must be a mapping");
    }

    @Test
    void outOfRange() throws IOException {
        ScenarioError e = fail(VALID.replace("nodes: 2", "nodes: 0"));
        assertAt(e, "s.yaml", 4, 10);
        assertThat(e.getMessage()).contains("'cluster.nodes' is out of range");
        assertThat(e.hint()).contains("between 1 and 1000000");
    }

    @Test
    void unknownPreset() throws IOException {
        ScenarioError e = fail(VALID.replace("gpu: H800", "gpu: H80"));
        assertAt(e, "s.yaml", 3, 8);
        assertThat(e.getMessage()).contains("unknown GPU preset 'H80'");
        assertThat(e.hint()).contains("did you mean 'H20' or 'H800'");
    }

    @Test
    void missingUnit() throws IOException {
        ScenarioError e = fail(VALID.replace("gpu: H800", "gpu: {preset: H800, hbmBandwidth: 3350}"));
        assertAt(e, "s.yaml", 3, 37);
        assertThat(e.getMessage()).contains("has no unit");
        assertThat(e.value()).isEqualTo("3350");
    }

    @Test
    void wrongUnit() throws IOException {
        ScenarioError e = fail(VALID.replace("gpu: H800", "gpu: {preset: H800, hbmCapacity: 80Gbps}"));
        assertAt(e, "s.yaml", 3, 36);
        assertThat(e.getMessage()).contains("unknown data size unit 'Gbps'");
        assertThat(e.hint()).contains("GiB");
    }

    @Test
    void priceWithoutCurrencyOrPerUnit() throws IOException {
        ScenarioError e = fail(VALID.replace("$2/GPU-h", "2"));
        assertAt(e, "s.yaml", 10, 17);
        assertThat(e.hint()).contains("$2/GPU-h");
        ScenarioError perUnit = fail(VALID.replace("$2/GPU-h", "$2"));
        assertThat(perUnit.getMessage()).contains("a price per GPU-h is needed");
    }

    @Test
    void missingRequiredKey() throws IOException {
        ScenarioError e = fail(VALID.replace("  nodes: 2\n", ""));
        assertThat(e.getMessage()).contains("missing required key 'cluster.nodes'");
        assertThat(e.location().line()).isEqualTo(3);
    }

    @Test
    void missingFile() {
        ScenarioError e = failFile(dir.resolve("nope.yaml"));
        assertThat(e.getMessage()).contains("file not found");
        assertThat(e.location().source()).isEqualTo("<command line>");
        assertThat(e.value()).endsWith("nope.yaml");
    }

    @Test
    void emptyFile() throws IOException {
        ScenarioError e = fail("# only a comment\n\n");
        assertAt(e, "s.yaml", 1, 1);
        assertThat(e.getMessage()).contains("file is empty");
    }

    @Test
    void malformedYaml() throws IOException {
        ScenarioError e = fail("name: t\ncluster: [H800, \n  nodes: 2\n");
        assertThat(e.getMessage()).startsWith("malformed YAML");
        assertThat(e.location().source()).endsWith("s.yaml");
        assertThat(e.location().line()).isBetween(2, 4);
    }

    @Test
    void tabsAreExplained() throws IOException {
        ScenarioError e = fail("name: t\ncluster:\n\tgpu: H800\n");
        assertThat(e.hint()).contains("spaces, not tabs");
        assertThat(e.location().line()).isEqualTo(3);
    }

    @Test
    void duplicateKey() throws IOException {
        ScenarioError e = fail(VALID + "name: again\n");
        assertAt(e, "s.yaml", 11, 1);
        assertThat(e.getMessage()).contains("duplicate key 'name'");
    }

    @Test
    void aliasBombIsRefusedWithoutExpanding() throws IOException {
        StringBuilder bomb = new StringBuilder("name: t\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char previous = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            bomb.append("]\n");
            previous = c;
        }
        long start = System.nanoTime();
        ScenarioError e = fail(bomb.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertAt(e, "s.yaml", 3, 8);
        assertThat(e.getMessage()).contains("aliases are not supported");
        assertThat(millis).as("refused before any expansion").isLessThan(5_000);
    }

    @Test
    void fiftyMegabyteFileIsRefusedBeforeReading() throws IOException {
        Path file = dir.resolve("huge.yaml");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(50L * 1000 * 1000); // sparse: costs no disk, and is never read
        }
        ScenarioError e = failFile(file);
        assertAt(e, "huge.yaml", 1, 1);
        assertThat(e.getMessage()).contains("50.0 MB").contains("limited to 1024 KiB");
    }

    @Test
    void notUtf8() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xe9, '\n'});
        ScenarioError e = failFile(file);
        assertThat(e.getMessage()).contains("not UTF-8");
    }

    @Test
    void topLevelListIsRefused() throws IOException {
        ScenarioError e = fail("- a\n- b\n");
        assertAt(e, "s.yaml", 1, 1);
        assertThat(e.getMessage()).contains("must be a mapping");
    }

    @Test
    void extendsCycle() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "extends: b.yaml\nname: a\n");
        Files.writeString(dir.resolve("b.yaml"), "extends: a.yaml\nname: b\n");
        ScenarioError e = failFile(dir.resolve("a.yaml"));
        assertThat(e.getMessage()).contains("cycle");
        assertAt(e, "b.yaml", 1, 10);
    }

    @Test
    void extendsMissingBaseNamesTheExtendsLine() throws IOException {
        Files.writeString(dir.resolve("child.yaml"), "name: c\nextends: gone.yaml\n");
        ScenarioError e = failFile(dir.resolve("child.yaml"));
        assertThat(e.getMessage()).contains("file not found");
        assertAt(e, "child.yaml", 2, 10);
    }

    @Test
    void errorInBaseFileNamesTheBaseFile() throws IOException {
        Files.writeString(dir.resolve("base.yaml"), VALID.replace("nodes: 2", "nodes: -1"));
        Files.writeString(dir.resolve("child.yaml"), "extends: base.yaml\nname: c\n");
        ScenarioError e = failFile(dir.resolve("child.yaml"));
        assertAt(e, "base.yaml", 4, 10);
    }

    @Test
    void overrideOfUnknownKeyPointsAtTheArgument() throws IOException {
        ScenarioError e = fail(VALID, "cluster.nodez=4");
        assertThat(e.location().source()).isEqualTo("--set cluster.nodez=4");
        assertThat(e.getMessage()).contains("unknown key 'nodez'");
        assertThat(e.hint()).contains("did you mean 'nodes'");
    }

    @Test
    void overrideWithBadValuePointsAtTheValue() throws IOException {
        ScenarioError e = fail(VALID, "cluster.nodes=lots");
        assertThat(e.location().source()).isEqualTo("--set cluster.nodes=lots");
        assertThat(e.location().column()).isEqualTo(21);
        assertThat(e.value()).isEqualTo("lots");
    }

    @Test
    void overrideWithoutEquals() throws IOException {
        ScenarioError e = fail(VALID, "cluster.nodes");
        assertThat(e.getMessage()).contains("path=value");
    }

    @Test
    void customGpuMissingAField() throws IOException {
        ScenarioError e = fail(VALID.replace("gpu: H800", "gpu: {name: X, bf16Dense: 100TFLOPS}"));
        assertThat(e.getMessage()).contains("missing 'cluster.gpu.hbmCapacity'");
        assertAt(e, "s.yaml", 3, 8);
    }
}
