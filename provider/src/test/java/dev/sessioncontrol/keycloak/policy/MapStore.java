package dev.sessioncontrol.keycloak.policy;

import java.util.concurrent.ConcurrentHashMap;

/** The shared store's contract as the work cache keeps it (atomic conditional writes), on a map, for unit tests. */
class MapStore implements SharedStore {

    final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();

    @Override
    public String get(String key) {
        return map.get(key);
    }

    @Override
    public String putIfAbsent(String key, String value) {
        return map.putIfAbsent(key, value);
    }

    @Override
    public boolean replace(String key, String expected, String value) {
        return map.replace(key, expected, value);
    }

    @Override
    public boolean remove(String key, String expected) {
        return map.remove(key, expected);
    }
}
