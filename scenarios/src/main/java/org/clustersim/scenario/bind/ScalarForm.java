package org.clustersim.scenario.bind;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A section that may be written as a single word: {@code gpu: H800} means {@code gpu: {preset: H800}}. The value names
 * the component the word goes into.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ScalarForm {
    String value();
}
