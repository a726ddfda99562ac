package dev.sessioncontrol.it.support;

/** The extension's native routes in one realm, called with a given bearer token. */
public final class SessionControlClient {

    private final TestRealm realm;

    public SessionControlClient(TestRealm realm) {
        this.realm = realm;
    }

    public String accountUrl(String path) {
        return realm.url() + "/session-control/account" + path;
    }

    public String adminUrl(String path) {
        return realm.adminUrl() + "/session-control" + path;
    }

    public Http.Response accountGet(String token, String path) {
        return Http.get(accountUrl(path), token);
    }

    public Http.Response accountDelete(String token, String path) {
        return Http.delete(accountUrl(path), token);
    }

    public Http.Response adminGet(String token, String path) {
        return Http.get(adminUrl(path), token);
    }

    public Http.Response adminDelete(String token, String path) {
        return Http.delete(adminUrl(path), token);
    }

    public Http.Response adminPost(String token, String path) {
        return Http.postJson(adminUrl(path), token, null);
    }
}
