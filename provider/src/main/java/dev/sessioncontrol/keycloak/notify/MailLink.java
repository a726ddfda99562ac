package dev.sessioncontrol.keycloak.notify;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The address an e-mail links to, from what an operator configured only, never from a request: anyone can send a
 * sign-in with any {@code Host} header, and where Keycloak's hostname is not strict, Keycloak's own URLs of that
 * request follow it. First the realm's Frontend URL (Realm settings → General), then Keycloak's {@code --hostname};
 * with neither, no link. A {@code --hostname} that is a name without scheme takes the sign-in's scheme and context
 * path (the server's, or a trusted proxy's) and the scheme's default port: the request's port comes from its
 * {@code Host} header too.
 */
final class MailLink {

    private MailLink() {}

    /**
     * @param realmFrontendUrl   the realm's {@code frontendUrl} attribute, or null
     * @param hostname           Keycloak's {@code hostname} option (a URL or a name), or null
     * @param requestScheme      the sign-in's scheme as Keycloak resolved it (http or https)
     * @param contextPath        Keycloak's context path as Keycloak resolved it, e.g. "/" or "/auth/"
     * @return the base of the realm's public URLs, ending in "/"; null when nothing is configured
     */
    static URI base(String realmFrontendUrl, String hostname, String requestScheme, String contextPath) {
        URI frontend = url(realmFrontendUrl);
        if (frontend != null) {
            return frontend;
        }
        if (hostname == null || hostname.isBlank()) {
            return null;
        }
        String name = hostname.trim();
        if (name.startsWith("http://") || name.startsWith("https://")) {
            return url(name);
        }
        String scheme = "http".equals(requestScheme) ? "http" : "https";
        String path = contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
        try {
            URI uri = new URI(scheme, null, name, -1, path.endsWith("/") ? path : path + "/", null, null);
            return name.equals(uri.getHost()) ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The account console's Sessions page of the realm under {@code base}. */
    static String sessionsPage(URI base, String realmName) {
        try {
            String path = base.getPath() + "realms/" + realmName + "/account/sessions";
            return new URI(base.getScheme(), null, base.getHost(), base.getPort(), path, null, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("realm name " + realmName, e);
        }
    }

    /** An absolute http(s) URL with a host and nothing else (no user, query or fragment), ending in "/"; or null. */
    private static URI url(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(value.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null
                    || uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                return null;
            }
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
            return new URI(
                    uri.getScheme(),
                    null,
                    uri.getHost(),
                    uri.getPort(),
                    path.endsWith("/") ? path : path + "/",
                    null,
                    null);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
