package org.clustersim.scenario.topology;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.clustersim.scenario.bind.Binder;
import org.clustersim.scenario.bind.Doc;
import org.clustersim.scenario.bind.PricePer;
import org.clustersim.scenario.bind.Required;
import org.clustersim.scenario.source.NodeReader;
import org.clustersim.topology.NetworkPrices;
import org.clustersim.units.Money;
import org.clustersim.units.Money.PriceUnit;

/**
 * The default network unit prices, read from the catalog resource {@code network-prices.yaml} with the same strict
 * binder as scenario files. They are fitted on ISCA'25 Table 3, not quoted by a vendor; the resource says how.
 */
public final class NetworkPriceCatalog {

    static final String RESOURCE = "/org/clustersim/catalog/network-prices.yaml";

    @Doc("Default unit prices of network equipment.")
    record PriceFile(@Required @Doc("Switch and link prices.") PriceSpec network) {
    }

    @Doc("Unit prices of a network.")
    record PriceSpec(
            @Required @PricePer(PriceUnit.SWITCH) @Doc("Price of one switch.") Money switchPrice,
            @Required @PricePer(PriceUnit.LINK) @Doc("Price of one switch-to-switch link, cable and transceivers.")
            Money linkPrice,
            @Required @Doc("Where the prices come from.") String source) {
    }

    private NetworkPriceCatalog() {
    }

    /** The built-in default prices (NICs not counted). */
    public static NetworkPrices defaults() {
        String text;
        try (InputStream in = NetworkPriceCatalog.class.getResourceAsStream(RESOURCE)) {
            Objects.requireNonNull(in, "missing catalog resource " + RESOURCE);
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read catalog resource " + RESOURCE, e);
        }
        PriceSpec spec = Binder.bind(new NodeReader().readFile(text, "catalog/network-prices.yaml"), PriceFile.class)
                .value().network();
        return new NetworkPrices(spec.switchPrice().usd(), spec.linkPrice().usd(), 0, spec.source());
    }
}
