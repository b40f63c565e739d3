package org.clustersim.scenario.spec;

import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.PricePer;
import org.clustersim.units.Money;
import org.clustersim.units.Money.PriceUnit;

@Doc("Prices.")
public record CostsSpec(
        @PricePer(PriceUnit.GPU_HOUR) @org.clustersim.scenario.bind.Range(min = 0) @Doc("Rental price per GPU-hour (DeepSeek's assumption: $2/GPU-h).")
        Money gpuHourPrice,
        @PricePer(PriceUnit.NODE) @org.clustersim.scenario.bind.Range(min = 0) @Doc("Price of one server with its GPUs (DGX H800: $358000/node, C.3).")
        Money serverPrice,
        @org.clustersim.scenario.bind.Range(min = 0) @Doc("Storage bought for the cluster (default $0).") Money storageCapex,
        @Doc("Straight-line depreciation period of servers and network (default 4y, an assumption).")
        org.clustersim.units.Duration depreciation,
        @PricePer(PriceUnit.KWH) @org.clustersim.scenario.bind.Range(min = 0) @Doc("Electricity price (default $0.08/kWh: US industrial, EIA via Epoch, C.2).")
        Money electricityPrice,
        @org.clustersim.scenario.bind.Range(min = 1, max = 4) @Doc("Power usage effectiveness (default 1.25, Epoch)")
        Double pue,
        @PricePer(PriceUnit.KW_MONTH) @org.clustersim.scenario.bind.Range(min = 0) @Doc("Facility (space, cooling) per kW of IT load per month (default "
                + "$150/kW-month, an assumption).") Money facilityPrice,
        @org.clustersim.scenario.bind.Range(min = 0, max = 1) @Doc("Maintenance per year as a fraction of capex "
                + "(default 0.05, an assumption).") Double maintenanceFraction,
        @org.clustersim.scenario.bind.Range(min = 0.01, max = 1) @Doc("Average GPU draw while training as a "
                + "fraction of TDP (default 0.75, Epoch's assumption, C.2).") Double gpuPowerDraw) {
}
