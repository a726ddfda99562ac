package dev.sessioncontrol.keycloak.support;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * One of this extension's own SPIs: internal (nothing to configure in a realm), here only so that a node-wide object
 * lives in a provider factory that Keycloak sets up and closes. Subclasses name it in a public no-argument
 * constructor, as Keycloak's service loading requires.
 */
public abstract class InternalSpi implements Spi {

    private final String name;
    private final Class<? extends Provider> providerClass;

    @SuppressWarnings("rawtypes")
    private final Class<? extends ProviderFactory> factoryClass;

    @SuppressWarnings("rawtypes")
    protected InternalSpi(
            String name, Class<? extends Provider> providerClass, Class<? extends ProviderFactory> factoryClass) {
        this.name = name;
        this.providerClass = providerClass;
        this.factoryClass = factoryClass;
    }

    @Override
    public boolean isInternal() {
        return true;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return providerClass;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return factoryClass;
    }
}
