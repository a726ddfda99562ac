package dev.sessioncontrol.keycloak.support;

import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** A {@link JpaEntityProvider} that is only data: its entities, its Liquibase changelog and its factory's id. */
public record ChangelogProvider(List<Class<?>> entities, String changelog, String factoryId)
        implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return entities;
    }

    @Override
    public String getChangelogLocation() {
        return changelog;
    }

    @Override
    public String getFactoryId() {
        return factoryId;
    }

    @Override
    public void close() {}
}
