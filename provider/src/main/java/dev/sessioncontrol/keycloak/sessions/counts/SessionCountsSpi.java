package dev.sessioncontrol.keycloak.sessions.counts;

import dev.sessioncontrol.keycloak.sessions.SessionCounts;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The extension's own SPI, so that the node's kept {@link SessionCounts} live in a provider factory. */
public final class SessionCountsSpi implements Spi {

    public static final String NAME = "session-control-counts";

    @Override
    public boolean isInternal() {
        return true;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return SessionCounts.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SessionCountsProviderFactory.class;
    }
}
