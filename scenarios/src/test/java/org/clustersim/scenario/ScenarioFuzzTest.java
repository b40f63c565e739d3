package org.clustersim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutates the shipped scenarios line by line (delete, duplicate, retype and corrupt values and keys) and asserts that
 * every outcome is a success or a located {@link ScenarioError}: never another exception.
 */
class ScenarioFuzzTest {

    static final int MUTANTS_PER_SEED = 300;
    static final Pattern LOCATED = Pattern.compile("^[^\\n]+:\\d+:\\d+: error: .+", Pattern.DOTALL);
    static final String[] GARBAGE = {"", "~", "null", "-1", "0", "1e999", "3.5", "\"\"", "[", "]", "{", "}", "[1, 2]",
            "{a: 1}", "&anchor x", "*anchor", "!!binary AAAA", "true", "0x1F", "400Gbps", "80GiB", "$2/GPU-h",
            "H800", "'unterminated", "\"\\uZZZZ\"", ": :", "- - -", "9999999999999999999999", "NaN", ".inf",
            "12abc", "💥", "a\tb", "%", "@", "`"};

    static ScenarioLoader loader;
    static List<Path> shipped;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        loader = new ScenarioLoader();
        try (var files = Files.list(Path.of("examples"))) {
            shipped = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void mutantsFailCleanlyOrLoad(long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        int errors = 0;
        int successes = 0;
        for (int i = 0; i < MUTANTS_PER_SEED; i++) {
            Path original = shipped.get(random.nextInt(shipped.size()));
            List<String> lines = new ArrayList<>(Files.readAllLines(original));
            int mutations = 1 + random.nextInt(3);
            StringBuilder log = new StringBuilder();
            for (int m = 0; m < mutations && !lines.isEmpty(); m++) {
                mutate(lines, random, log);
            }
            Path mutant = dir.resolve(original.getFileName());
            Files.write(mutant, lines);
            try {
                loader.load(mutant, List.of());
                successes++;
            } catch (ScenarioError e) {
                errors++;
                assertThat(e.userMessage()).as("seed %d mutant %d (%s)", seed, i, log).matches(LOCATED);
                assertThat(e.location().line()).isPositive();
                assertThat(e.location().column()).isPositive();
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                fail("seed " + seed + " mutant " + i + " (" + log + ") of " + original + " threw " + e, e);
            }
        }
        System.out.printf("fuzz seed %d: %d mutants, %d loaded, %d located errors%n", seed, MUTANTS_PER_SEED,
                successes, errors);
        assertThat(errors).as("mutations must mostly break files").isPositive();
    }

    private static void mutate(List<String> lines, SplittableRandom random, StringBuilder log) {
        int at = random.nextInt(lines.size());
        String line = lines.get(at);
        switch (random.nextInt(7)) {
            case 0 -> {
                lines.remove(at);
                log.append("delete ").append(at).append("; ");
            }
            case 1 -> {
                lines.add(at, line);
                log.append("duplicate ").append(at).append("; ");
            }
            case 2 -> { // retype or corrupt a value
                int colon = line.indexOf(": ");
                String garbage = GARBAGE[random.nextInt(GARBAGE.length)];
                lines.set(at, colon >= 0 ? line.substring(0, colon + 2) + garbage : line + " " + garbage);
                log.append("value ").append(at).append("=").append(garbage).append("; ");
            }
            case 3 -> { // corrupt a key
                int colon = line.indexOf(':');
                if (colon > 0) {
                    int pos = random.nextInt(colon);
                    lines.set(at, line.substring(0, pos) + (char) ('a' + random.nextInt(26)) + line.substring(pos + 1));
                }
                log.append("key ").append(at).append("; ");
            }
            case 4 -> { // shift indentation
                lines.set(at, random.nextBoolean() ? "  " + line : line.stripLeading());
                log.append("indent ").append(at).append("; ");
            }
            case 5 -> { // truncate
                lines.set(at, line.substring(0, random.nextInt(line.length() + 1)));
                log.append("truncate ").append(at).append("; ");
            }
            default -> { // swap with another line
                int other = random.nextInt(lines.size());
                lines.set(at, lines.get(other));
                lines.set(other, line);
                log.append("swap ").append(at).append(",").append(other).append("; ");
            }
        }
    }
}
