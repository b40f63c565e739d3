package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.PricePer;
import org.clustersim.scenario.bind.Range;
import org.clustersim.scenario.bind.Spelled;
import org.clustersim.units.Duration;
import org.clustersim.units.Money;
import org.clustersim.units.Money.PriceUnit;

@Doc("The scale-out fabric between nodes and its prices.")
public record NetworkSpec(
        @Doc("Fabric shape: single-node, fat-tree (2-level), fat-tree-3, rail-optimized, multi-plane.")
        Topology topology,
        @Range(min = 4, max = 1024) @Doc("Ports per switch (64 for 400G InfiniBand).") Integer switchRadix,
        @Range(min = 1, max = 64) @Doc("Leaf oversubscription: downlink to uplink bandwidth ratio (1 = non-blocking).")
        Double oversubscription,
        @Range(min = 1, max = 64) @Doc("Planes of a multi-plane fat tree (DeepSeek: 8, one per GPU-NIC pair).")
        Integer planes,
        @Range(min = 1, max = 1_000_000) @Doc("Nodes per pod of a 3-level fat tree (default: as many as the radix allows).")
        Integer podNodes,
        @Doc("Propagation and forwarding latency per switch hop, e.g. 0.5us.") Duration switchLatency,
        @Doc("ecmp (even, fluid spreading over equal-cost paths) or hashed (one path per flow, for validation).")
        Routing routing,
        @PricePer(PriceUnit.SWITCH) @Doc("Price of one switch, e.g. $45000/switch.") Money switchPrice,
        @PricePer(PriceUnit.LINK) @Doc("Price of one link with its transceivers and cable, e.g. $2000/link.")
        Money linkPrice,
        @PricePer(PriceUnit.NODE) @Doc("Price of a node's NICs, counted in network cost when set.") Money nicPricePerNode,
        @Doc("Network model for the step's communication: analytical (default; closed form, no contention), flow "
                + "(max-min fair flows on the fabric, symmetric flows as classes) or per-flow (every flow its own; "
                + "for validation on small clusters).") NetworkModelKind model) {

    /** The network model fidelities. */
    public enum NetworkModelKind implements Spelled {
        ANALYTICAL("analytical"), FLOW("flow"), PER_FLOW("per-flow");

        private final String spelling;

        NetworkModelKind(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String spelling() {
            return spelling;
        }
    }

    /** Fabric shapes the topology builders know. */
    public enum Topology implements Spelled {
        SINGLE_NODE("single-node"), FAT_TREE("fat-tree"), FAT_TREE_3("fat-tree-3"), RAIL_OPTIMIZED("rail-optimized"),
        MULTI_PLANE("multi-plane");

        private final String spelling;

        Topology(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String spelling() {
            return spelling;
        }
    }

    public enum Routing { ECMP, HASHED }
}
