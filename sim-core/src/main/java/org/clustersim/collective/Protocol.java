package org.clustersim.collective;

/** NCCL's wire protocols: LL (8-byte flag+data), LL128 (128-byte lines), Simple (bulk with fences). */
public enum Protocol {
    LL, LL128, SIMPLE;

    int index() {
        return ordinal();
    }
}
