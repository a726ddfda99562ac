package dev.sessioncontrol.keycloak.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import org.junit.jupiter.api.Test;

class MailLinkTest {

    private static String page(String frontendUrl, String hostname, String scheme, String contextPath) {
        URI base = MailLink.base(frontendUrl, hostname, scheme, contextPath);
        return base == null ? null : MailLink.sessionsPage(base, "demo");
    }

    @Test
    void theRealmsFrontendUrlComesFirst() {
        assertEquals(
                "https://sso.example.com/auth/realms/demo/account/sessions",
                page("https://sso.example.com/auth", "https://kc.example.com", "http", "/"));
        assertEquals(
                "https://sso.example.com:8443/realms/demo/account/sessions",
                page("https://sso.example.com:8443/", null, "http", "/"));
    }

    @Test
    void thenKeycloaksHostname() {
        assertEquals(
                "https://kc.example.com/realms/demo/account/sessions",
                page(null, "https://kc.example.com", "http", "/"));
        assertEquals(
                "http://127.0.0.1:8080/realms/demo/account/sessions", page(" ", "http://127.0.0.1:8080", "https", "/"));
        // A name alone: the request's scheme and context path, the scheme's default port (the request's port comes
        // from its Host header).
        assertEquals(
                "https://kc.example.com/auth/realms/demo/account/sessions",
                page(null, "kc.example.com", "https", "/auth/"));
        assertEquals("http://kc.example.com/realms/demo/account/sessions", page(null, "kc.example.com", "http", ""));
    }

    @Test
    void nothingConfiguredOrNothingUsableMeansNoLink() {
        assertNull(page(null, null, "http", "/"));
        assertNull(page("", " ", "http", "/"));
        assertNull(page("javascript:alert(1)", null, "http", "/"));
        assertNull(page("https://user@evil.example/", null, "http", "/"));
        assertNull(page("https://sso.example.com/?next=evil", null, "http", "/"));
        assertNull(page("/relative", null, "http", "/"));
        assertNull(page(null, "kc.example.com:8443", "http", "/"));
    }

    @Test
    void theRealmNameIsOnePathSegment() {
        URI base = MailLink.base("https://sso.example.com", null, "https", "/");
        assertEquals(
                "https://sso.example.com/realms/my%20realm%3F/account/sessions",
                MailLink.sessionsPage(base, "my realm?"));
        assertEquals(
                "https://sso.example.com/realms/r%C3%A9alm/account/sessions", MailLink.sessionsPage(base, "réalm"));
    }
}
