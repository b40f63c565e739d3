package org.clustersim.units;

import org.clustersim.error.UserError;

/** A value whose number or unit cannot be read; the hint lists the units that are accepted. */
public final class UnitFormatException extends UserError {

    private static final long serialVersionUID = 1L;

    public UnitFormatException(String message, String hint) {
        super(message, hint);
    }
}
