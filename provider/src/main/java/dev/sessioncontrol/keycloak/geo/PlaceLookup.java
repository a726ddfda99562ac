package dev.sessioncontrol.keycloak.geo;

import dev.sessioncontrol.keycloak.sessions.Place;
import org.keycloak.provider.Provider;

/** Where an address is, from the node's location database; what a request asks for through its session. */
public final class PlaceLookup implements Provider {

    private final PlaceDatabase database;

    PlaceLookup(PlaceDatabase database) {
        this.database = database;
    }

    /** The place of an address literal, or null: no database, an unknown address, or no address at all. */
    public Place find(String address) {
        return database == null ? null : database.find(address);
    }

    @Override
    public void close() {}
}
