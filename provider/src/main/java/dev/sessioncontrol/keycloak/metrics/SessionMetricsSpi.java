package dev.sessioncontrol.keycloak.metrics;

import dev.sessioncontrol.keycloak.sessions.SessionRecorder;
import dev.sessioncontrol.keycloak.support.InternalSpi;

/** The extension's own SPI, so that the node's metrics live in a provider factory, reached as a {@link SessionRecorder}. */
public final class SessionMetricsSpi extends InternalSpi {

    public static final String NAME = "session-control-metrics";

    public SessionMetricsSpi() {
        super(NAME, SessionRecorder.class, SessionMetricsProviderFactory.class);
    }
}
