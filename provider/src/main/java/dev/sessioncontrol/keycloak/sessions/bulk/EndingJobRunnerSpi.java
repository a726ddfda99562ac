package dev.sessioncontrol.keycloak.sessions.bulk;

import dev.sessioncontrol.keycloak.support.InternalSpi;

/** The extension's own SPI, so that the node's {@link EndingJobRunner} lives in a provider factory. */
public final class EndingJobRunnerSpi extends InternalSpi {

    public static final String NAME = "session-control-endings";

    public EndingJobRunnerSpi() {
        super(NAME, EndingJobRunner.class, EndingJobRunnerFactory.class);
    }
}
