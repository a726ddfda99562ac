package dev.sessioncontrol.it;

import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.TestRealm;

/** The extension's native routes in one realm, called with a given bearer token. */
final class SessionControlClient {

    private final TestRealm realm;

    SessionControlClient(TestRealm realm) {
        this.realm = realm;
    }

    String accountUrl(String path) {
        return realm.url() + "/session-control/account" + path;
    }

    String adminUrl(String path) {
        return realm.adminUrl() + "/session-control" + path;
    }

    Http.Response accountGet(String token, String path) {
        return Http.get(accountUrl(path), token);
    }

    Http.Response accountDelete(String token, String path) {
        return Http.delete(accountUrl(path), token);
    }

    Http.Response adminGet(String token, String path) {
        return Http.get(adminUrl(path), token);
    }

    Http.Response adminDelete(String token, String path) {
        return Http.delete(adminUrl(path), token);
    }

    Http.Response adminPost(String token, String path) {
        return Http.postJson(adminUrl(path), token, null);
    }
}
