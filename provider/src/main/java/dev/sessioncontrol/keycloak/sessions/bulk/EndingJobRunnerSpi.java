package dev.sessioncontrol.keycloak.sessions.bulk;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The extension's own SPI, so that the node's {@link EndingJobRunner} lives in a provider factory. */
public final class EndingJobRunnerSpi implements Spi {

    public static final String NAME = "session-control-endings";

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
        return EndingJobRunner.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return EndingJobRunnerFactory.class;
    }
}
