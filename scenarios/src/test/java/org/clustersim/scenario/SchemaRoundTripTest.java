package org.clustersim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.clustersim.scenario.catalog.Catalog;
import org.clustersim.scenario.schema.SchemaGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The generated JSON Schema accepts every shipped scenario and rejects what the loader rejects for shape reasons. */
class SchemaRoundTripTest {

    static Schema schema;
    static final YAMLMapper YAML = YAMLMapper.builder().build();

    @BeforeAll
    static void generate() {
        Catalog catalog = Catalog.builtIn();
        String json = new SchemaGenerator().scenarioSchemaJson(catalog.gpus().keySet(), catalog.nodes().keySet());
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(json);
    }

    static List<Path> shippedScenarios() throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (String dir : new String[] {"examples", "validation"}) {
            try (var files = Files.walk(Path.of(dir))) {
                // sweep files (examples/sweeps) are another format, checked by the sweep tests
                files.filter(p -> p.toString().endsWith(".yaml"))
                        .filter(p -> !p.startsWith(Path.of("examples", "sweeps"))).sorted().forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void theCommittedSchemaFileIsTheGeneratedOne() throws IOException {
        Catalog catalog = Catalog.builtIn();
        String generated = new SchemaGenerator().scenarioSchemaJson(catalog.gpus().keySet(), catalog.nodes().keySet());
        Path committed = Path.of("..", "clustersim-schema.json");
        assertThat(Files.readString(committed).strip())
                .as("clustersim-schema.json is stale: regenerate with ./clustersim schema > clustersim-schema.json")
                .isEqualTo(generated.strip());
    }

    @Test
    void everyShippedScenarioValidatesAgainstTheSchema() throws IOException {
        List<Path> scenarios = shippedScenarios();
        assertThat(scenarios).isNotEmpty();
        for (Path p : scenarios) {
            JsonNode doc = YAML.readTree(Files.readString(p));
            List<Error> errors = schema.validate(doc);
            assertThat(errors).as(p + ": " + errors).isEmpty();
        }
    }

    @Test
    void schemaRejectsUnknownKeysWrongTypesAndMissingUnits() {
        assertThat(schema.validate(YAML.readTree("name: x\ncluster: {gpu: H800, nodes: 1, nodez: 2}\n"))).isNotEmpty();
        assertThat(schema.validate(YAML.readTree("name: x\ncluster: {gpu: H800, nodes: two}\n"))).isNotEmpty();
        assertThat(schema.validate(YAML.readTree(
                "name: x\ncluster: {gpu: {preset: H800, hbmBandwidth: 3350}, nodes: 1}\n"))).isNotEmpty();
        assertThat(schema.validate(YAML.readTree("cluster: {gpu: H800, nodes: 1}\n"))).as("name is required")
                .isNotEmpty();
        assertThat(schema.validate(YAML.readTree(
                "name: x\ncluster: {gpu: {preset: H800, hbmBandwidth: 3.35TB/s}, nodes: 1}\n"))).isEmpty();
    }

    @Test
    void schemaCarriesDescriptionsForEditors() {
        String json = new SchemaGenerator().scenarioSchemaJson(java.util.Set.of("H800"), java.util.Set.of());
        assertThat(json).contains("\"$schema\" : \"http://json-schema.org/draft-07/schema#\"")
                .contains("Number of nodes (servers).")
                .contains("\"additionalProperties\" : false");
    }
}
