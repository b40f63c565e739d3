package org.clustersim.scenario.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small, cheap scenarios for sweep tests: a 4-layer dense model on two nodes simulates in milliseconds. */
final class SweepFixtures {

    static final String SMALL_DENSE = """
            name: small-dense
            cluster:
              gpu: H100
              nodes: 2
            model:
              name: tiny
              layers: 4
              hidden: 1024
              heads: 16
              kvHeads: 16
              ffnHidden: 4096
              vocab: 32000
            parallelism:
              tensor: 2
              pipeline: 2
              microBatch: 1
              schedule: 1f1b
            training:
              seed: 7
              phases:
                - name: pre-training
                  tokens: 1B
                  sequenceLength: 2048
                  globalBatch: 64
              failures:
                monteCarloReplications: 20
            costs:
              gpuHourPrice: $2/GPU-h
              serverPrice: $270000/node
            """;

    private SweepFixtures() {
    }

    static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
