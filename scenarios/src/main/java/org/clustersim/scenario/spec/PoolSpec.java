package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.PricePer;
import org.clustersim.scenario.bind.Range;
import org.clustersim.scenario.bind.Required;
import org.clustersim.units.Money;
import org.clustersim.units.Money.PriceUnit;

/** One pool of identical servers in a fleet; give exactly one of serverPrice, gpuPrice or serverPriceCny. */
@Doc("A pool of identical GPU servers in a fleet, with its price.")
public record PoolSpec(
        @Required @Doc("Pool name, e.g. h800.") String name,
        @Required @Doc("GPU preset id: H800, H100, H20, H200, A100-80GB, A100-40GB.") String gpu,
        @Required @Range(min = 1, max = 10_000_000) @Doc("Number of GPUs in the pool, e.g. 10000.") Integer gpus,
        @Range(min = 1, max = 1024) @Doc("GPUs per server (default 8).") Integer gpusPerNode,
        @Doc("Node preset for the server's own power (default hgx-8gpu; dgx-a100 for A100 servers).") String node,
        @PricePer(PriceUnit.NODE) @Range(min = 0) @Doc("Price of one server with its GPUs, e.g. $358000/node "
                + "(DGX H800, C.3).") Money serverPrice,
        @PricePer(PriceUnit.GPU) @Range(min = 0) @Doc("Price of one GPU; the server costs gpusPerNode x gpuPrice x "
                + "serverOverhead, e.g. $12500/GPU (A100, C.3).") Money gpuPrice,
        @Range(min = 1, max = 10) @Doc("Server price over its GPUs' price when gpuPrice is given (default 1.25: "
                + "'servers add roughly 25%', C.3).") Double serverOverhead,
        @Range(min = 0) @Doc("Price of one server in Chinese yuan, converted at fleet.cnyPerUsd, e.g. 1200000 "
                + "(H20 8-GPU server, C.3).") Double serverPriceCny,
        @PricePer(PriceUnit.GPU) @Range(min = 0) @Doc("Scale-out network cost per GPU endpoint (default $4390/GPU: "
                + "ISCA'25 Table 3, MPFT row, deepseek-v3.md A.5).") Money networkCostPerGpu,
        @Range(min = 0) @Doc("Storage bought for the pool (default $0).") Money storageCapex,
        @Doc("Whether the pool counts in the fleet's totals (default true).") Boolean enabled,
        @Doc("Where the count and price come from.") String source) {
}
