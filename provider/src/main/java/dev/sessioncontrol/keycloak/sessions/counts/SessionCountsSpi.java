package dev.sessioncontrol.keycloak.sessions.counts;

import dev.sessioncontrol.keycloak.sessions.SessionCounts;
import dev.sessioncontrol.keycloak.support.InternalSpi;

/** The extension's own SPI, so that the node's kept {@link SessionCounts} live in a provider factory. */
public final class SessionCountsSpi extends InternalSpi {

    public static final String NAME = "session-control-counts";

    public SessionCountsSpi() {
        super(NAME, SessionCounts.class, SessionCountsProviderFactory.class);
    }
}
