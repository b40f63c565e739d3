package org.clustersim.scenario.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReplaces() throws IOException {
        Path file = dir.resolve("report.html");
        AtomicFiles.writeString(file, "first");
        AtomicFiles.writeString(file, "second");
        assertThat(Files.readString(file)).isEqualTo("second");
        assertThat(entries()).containsExactly("report.html");
    }

    @Test
    void anExceptionMidWriteLeavesThePreviousFileIntactAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("result.json");
        AtomicFiles.writeString(file, "{\"complete\": true}");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write("{\"half\": ".getBytes(StandardCharsets.UTF_8));
            out.write(new byte[200_000]); // past any buffer: some of it has reached the temporary file
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(Files.readString(file)).isEqualTo("{\"complete\": true}");
        assertThat(entries()).containsExactly("result.json");
    }

    @Test
    void aRuntimeFailureMidWriteLeavesNoFileWhenThereWasNone() {
        Path file = dir.resolve("trace.json");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IllegalStateException("bug while writing");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(file).doesNotExist();
        assertThat(entries()).isEmpty();
    }

    @Test
    void theResultHasTheUsualPermissionsNotTheTemporaryFilesOwnerOnlyOnes() throws IOException {
        Path reference = Files.createFile(dir.resolve("reference"));
        Path file = dir.resolve("summary.csv");
        AtomicFiles.writeString(file, "a,b\r\n");
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(expected);
    }

    private java.util.List<String> entries() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("reference")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
