package org.clustersim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.clustersim.hardware.GpuType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

    static final ScenarioLoader LOADER = new ScenarioLoader();

    @TempDir
    Path dir;

    @Test
    void presetFieldsCanBeOverridden() throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: t
                cluster:
                  gpu: {preset: H800, hbmCapacity: 96GB, nvlinkEfficiency: 0.9}
                  nodes: 4
                """);
        Scenario s = LOADER.load(file, List.of());
        GpuType gpu = s.cluster().gpu();
        assertThat(gpu.hbmBytes()).isEqualTo(96e9);
        assertThat(gpu.nvlinkEfficiency()).isEqualTo(0.9);
        assertThat(gpu.bf16DenseFlopsPerSecond()).isEqualTo(989.4e12); // from the preset
        assertThat(gpu.nvlinkAchievableBytesPerSecond()).isEqualTo(200e9 * 0.9);
        assertThat(s.gpuSource()).contains("fields overridden");
    }

    @Test
    void customGpuWithoutPreset() throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: t
                cluster:
                  gpu:
                    name: Future-1
                    bf16Dense: 2500TFLOPS
                    fp8Dense: 5000TFLOPS
                    hbmCapacity: 192GB
                    hbmBandwidth: 8TB/s
                    nvlinkBandwidth: 900GB/s
                    tdp: 1000W
                    sms: 148
                  nodes: 1
                """);
        GpuType gpu = LOADER.load(file, List.of()).cluster().gpu();
        assertThat(gpu.id()).isEqualTo("Future-1");
        assertThat(gpu.hbmBytesPerSecond()).isEqualTo(8e12);
        assertThat(gpu.supportsFp8()).isTrue();
    }

    @Test
    void extendsMergesMappingsAndOverridesApplyLast() throws IOException {
        Files.writeString(dir.resolve("base.yaml"), """
                name: base
                cluster:
                  gpu: H800
                  nodes: 256
                  network: {topology: multi-plane, planes: 8}
                """);
        Files.writeString(dir.resolve("child.yaml"), """
                extends: base.yaml
                name: child
                cluster:
                  gpu: H100
                """);
        Scenario s = LOADER.load(dir.resolve("child.yaml"), List.of("cluster.nodes=512"));
        assertThat(s.name()).isEqualTo("child");
        assertThat(s.cluster().gpu().id()).isEqualTo("H100");
        assertThat(s.cluster().nodes()).isEqualTo(512);
        assertThat(s.spec().value().cluster().network().planes()).isEqualTo(8);
        // locations follow the value to where it was set
        assertThat(s.spec().at("cluster.gpu").source()).endsWith("child.yaml");
        assertThat(s.spec().at("cluster.network.planes").source()).endsWith("base.yaml");
        assertThat(s.spec().at("cluster.nodes").source()).isEqualTo("--set cluster.nodes=512");
    }

    @Test
    void overridesReachIntoLists() throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: t
                cluster: {gpu: H800, nodes: 1}
                training:
                  phases:
                    - {name: a, tokens: 1T}
                    - {name: b, tokens: 2T}
                """);
        Scenario s = LOADER.load(file, List.of("training.phases[1].tokens=5T", "cluster.gpu=H20"));
        assertThat(s.spec().value().training().phases().get(1).tokens().value()).isEqualTo(5e12);
        assertThat(s.spec().value().training().phases().get(0).tokens().value()).isEqualTo(1e12);
        assertThat(s.cluster().gpu().bf16DenseFlopsPerSecond()).isEqualTo(148e12);
    }

    @Test
    void overridingAFieldOfAPresetWrittenAsAWordKeepsThePreset() throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "name: t\ncluster: {gpu: H800, nodes: 1}\n");
        Scenario s = LOADER.load(file, List.of("cluster.gpu.hbmCapacity=96GB"));
        assertThat(s.cluster().gpu().hbmBytes()).isEqualTo(96e9);
        assertThat(s.cluster().gpu().bf16DenseFlopsPerSecond()).isEqualTo(989.4e12);
        assertThat(s.spec().value().cluster().gpu().preset()).isEqualTo("H800");
    }

    @Test
    void jsonScenariosWork() throws IOException {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"name\": \"j\", \"cluster\": {\"gpu\": \"H20\", \"nodes\": 3, \"gpusPerNode\": 8}}");
        Scenario s = LOADER.load(file, List.of());
        assertThat(s.cluster().gpuCount()).isEqualTo(24);
        assertThat(s.cluster().gpu().hbmBytes()).isEqualTo(96.0 * (1L << 30));
    }

    @Test
    void shippedExamplesLoad() throws IOException {
        try (var files = Files.list(Path.of("examples"))) {
            List<Path> scenarios = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertThat(scenarios).isNotEmpty();
            for (Path p : scenarios) {
                Scenario s = LOADER.load(p, List.of());
                assertThat(s.cluster().gpuCount()).as(p.toString()).isPositive();
            }
        }
        Scenario deepseek = LOADER.load(Path.of("examples", "deepseek-v3-2048xH800.yaml"), List.of());
        assertThat(deepseek.cluster().gpuCount()).isEqualTo(2048);
        assertThat(deepseek.cluster().node().nicAchievableBytesPerSecond()).isEqualTo(40e9);
    }
}
