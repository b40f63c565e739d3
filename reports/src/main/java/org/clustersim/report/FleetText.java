package org.clustersim.report;

import java.io.PrintWriter;
import java.util.Locale;
import org.clustersim.cost.Reconciliation;
import org.clustersim.run.Assumption;
import org.clustersim.scenario.fleet.FleetResult;

/** The fleet section of {@code clustersim run}'s text output. */
public final class FleetText {

    private FleetText() {
    }

    public static void print(PrintWriter out, FleetResult fleet) {
        out.printf(Locale.ROOT, "fleet: %,d GPUs in %d enabled pools%s%n", fleet.gpus(), fleet.pools().size(),
                fleet.disabledPools().isEmpty() ? "" : " (disabled: " + String.join(", ", fleet.disabledPools())
                        + ")");
        out.printf(Locale.ROOT, "  %-10s %-10s %8s %12s %12s %12s %12s %8s %9s %9s %9s %8s%n", "pool", "gpu", "GPUs",
                "$/server", "capex", "opex/yr", "deprec/yr", "MW", "BF16 EF", "FP8 EF", "run days", "runs/yr");
        for (FleetResult.Pool p : fleet.pools()) {
            out.printf(Locale.ROOT, "  %-10s %-10s %,8d %12s %12s %12s %12s %8.1f %9.2f %9.2f %9.1f %8.2f%n",
                    p.name(), p.gpu(), p.cost().gpus(), usd(p.serverUsdPerNode()), usd(p.cost().capexUsd()),
                    usd(p.cost().opexUsdPerYear()), usd(p.cost().depreciationUsdPerYear()),
                    p.cost().facilityWatts() / 1e6, p.peakBf16FlopsPerSecond() / 1e18,
                    p.peakFp8FlopsPerSecond() / 1e18, p.runDays(), p.runsPerYear());
        }
        out.printf(Locale.ROOT, "  %-10s %-10s %,8d %12s %12s %12s %12s %8.1f %9.2f %9.2f%n", "total", "",
                fleet.gpus(), "", usd(fleet.capexUsd()), usd(fleet.opexUsdPerYear()),
                usd(fleet.depreciationUsdPerYear()), fleet.facilityWatts() / 1e6,
                fleet.peakBf16FlopsPerSecond() / 1e18, fleet.peakFp8FlopsPerSecond() / 1e18);
        out.printf(Locale.ROOT, "  capex: servers %s + network %s + storage %s = %s%n", usd(fleet.serverCapexUsd()),
                usd(fleet.networkCapexUsd()), usd(fleet.storageCapexUsd()), usd(fleet.capexUsd()));
        out.printf(Locale.ROOT, "  opex per year: electricity %s + facility %s + maintenance %s = %s; "
                        + "+ depreciation %s = %s per year%n", usd(fleet.electricityUsdPerYear()),
                usd(fleet.facilityUsdPerYear()), usd(fleet.maintenanceUsdPerYear()), usd(fleet.opexUsdPerYear()),
                usd(fleet.depreciationUsdPerYear()), usd(fleet.tcoUsdPerYear()));
        out.printf(Locale.ROOT, "  capex / reported %s = %.2f; opex+depreciation / reported %s = %.2f "
                        + "(opex alone %.2f) -- information, not a fitted target%n", usd(fleet.reportedCapexUsd()),
                fleet.capexRatioToReported(), usd(fleet.reportedOpexUsdPerYear()), fleet.tcoRatioToReported(),
                fleet.opexRatioToReported());
        out.printf("  run on each pool (approximation): %s%n", fleet.runScalingMethod());
        out.printf(Locale.ROOT, "  runs per year at runShare %.2f; research share %.2f, inference share %.2f "
                + "(stated assumptions)%n", fleet.runShare(), fleet.researchShare(), fleet.inferenceShare());
        if (!fleet.reconciliation().isEmpty()) {
            out.printf("  reconciliation (run owned at %s):%n", fleet.runOwnedBasis());
            double total = 0;
            for (Reconciliation.Step step : fleet.reconciliation()) {
                total += step.usd();
                out.printf(Locale.ROOT, "    %-38s %16s  = %14s  (%s)%n", step.name(),
                        (step.usd() >= 0 ? "+" : "") + usd(step.usd()), usd(total),
                        step.basis());
            }
        }
        for (Assumption a : fleet.assumptions()) {
            out.printf(Locale.ROOT, "  assumed %s = %s %s (%s)%n", a.name(), a.value(), a.unit(), a.source());
        }
    }

    private static String usd(double v) {
        return (v < 0 ? "-$" : "$") + String.format(Locale.ROOT, "%,.0f", Math.abs(v));
    }
}
