package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.PricePer;
import org.clustersim.units.Money;
import org.clustersim.units.Money.PriceUnit;

@Doc("Prices.")
public record CostsSpec(
        @PricePer(PriceUnit.GPU_HOUR) @Doc("Rental price per GPU-hour (DeepSeek's assumption: $2/GPU-h).")
        Money gpuHourPrice) {
}
