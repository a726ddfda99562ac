package dev.sessioncontrol.keycloak.metrics;

import dev.sessioncontrol.keycloak.sessions.SessionRecorder;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The extension's own SPI, so that the node's metrics live in a provider factory, reached as a {@link SessionRecorder}. */
public final class SessionMetricsSpi implements Spi {

    public static final String NAME = "session-control-metrics";

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
        return SessionRecorder.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SessionMetricsProviderFactory.class;
    }
}
