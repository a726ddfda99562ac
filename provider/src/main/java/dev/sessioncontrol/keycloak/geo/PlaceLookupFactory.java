package dev.sessioncontrol.keycloak.geo;

import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import java.nio.file.Path;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

/** The node's location database (option {@value #DATABASE_OPTION}); without the option, no places. */
public final class PlaceLookupFactory extends SessionControlProviderFactory implements ProviderFactory<PlaceLookup> {

    public static final String ID = "default";
    static final String DATABASE_OPTION = "database";

    private PlaceDatabase database;

    @Override
    public void init(Config.Scope config) {
        String path = config.get(DATABASE_OPTION);
        database = PlaceDatabase.open(path == null || path.isBlank() ? null : Path.of(path.trim()));
    }

    @Override
    public PlaceLookup create(KeycloakSession session) {
        return new PlaceLookup(database);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(DATABASE_OPTION)
                .type("string")
                .helpText("Path of a MaxMind-format location database (.mmdb: GeoLite2 or GeoIP2 City or Country,"
                        + " DB-IP City Lite). A replaced file is read again without a restart. Unset: sessions get"
                        + " no place.")
                .add()
                .build();
    }
}
