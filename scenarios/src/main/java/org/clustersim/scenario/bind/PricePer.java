package org.clustersim.scenario.bind;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.clustersim.units.Money.PriceUnit;

/** What a {@code Money} key must be per ({@code $2/GPU-h} needs {@link PriceUnit#GPU_HOUR}); plain amounts by default. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface PricePer {
    PriceUnit value();
}
