package dev.sessioncontrol.keycloak.geo;

import dev.sessioncontrol.keycloak.support.InternalSpi;

/**
 * The extension's own SPI, so that the node's location database lives in a provider factory; its option is
 * {@code --spi-session-control-geo--default--database}.
 */
public final class GeoSpi extends InternalSpi {

    public static final String NAME = "session-control-geo";

    public GeoSpi() {
        super(NAME, PlaceLookup.class, PlaceLookupFactory.class);
    }
}
