package dev.sessioncontrol.keycloak.support;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

/**
 * The HTTP request handed to Keycloak code that reads one where the real request does not fit:
 * <ul>
 *   <li>{@link #requestless}: a thread that has none. A background batch of a bulk ending ends sessions through
 *       Keycloak's logout code, which asks for the request's URI (to resolve a relative back-channel logout URL, to
 *       match identity cookies) and headers; a new-device e-mail, sent after its sign-in, goes through Keycloak's
 *       templates, which read the URI. They get the server's base URI as the request they follow saw it, and
 *       otherwise nothing: no headers, no cookies, no form, no client certificate.</li>
 *   <li>{@link #withForm}: the real request (its headers, its TLS client certificate, its URI) presenting a form it
 *       does not have, for Keycloak's client authenticators, which read credentials from a token request's form.</li>
 * </ul>
 */
public final class StandInRequest implements HttpRequest {

    private final String method;
    private final MultivaluedMap<String, String> form;
    private final HttpHeaders headers;
    private final X509Certificate[] certificates;
    private final UriInfo uri;
    private final boolean proxyTrusted;

    private StandInRequest(
            String method,
            MultivaluedMap<String, String> form,
            HttpHeaders headers,
            X509Certificate[] certificates,
            UriInfo uri,
            boolean proxyTrusted) {
        this.method = method;
        this.form = form;
        this.headers = headers;
        this.certificates = certificates;
        this.uri = uri;
        this.proxyTrusted = proxyTrusted;
    }

    /** The request of a thread that has none, at the server's base URI. */
    public static StandInRequest requestless(URI baseUri) {
        return new StandInRequest(
                "POST", new MultivaluedHashMap<>(), new Headers(null, null), null, new Uri(baseUri), false);
    }

    /** The real request, with {@code form} as its form (and a form's media type). */
    public static StandInRequest withForm(HttpRequest request, MultivaluedMap<String, String> form) {
        return new StandInRequest(
                request.getHttpMethod(),
                form,
                new Headers(request.getHttpHeaders(), MediaType.APPLICATION_FORM_URLENCODED_TYPE),
                request.getClientCertificateChain(),
                request.getUri(),
                request.isProxyTrusted());
    }

    @Override
    public String getHttpMethod() {
        return method;
    }

    @Override
    public MultivaluedMap<String, String> getDecodedFormParameters() {
        return form;
    }

    @Override
    public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
        return new MultivaluedHashMap<>();
    }

    @Override
    public HttpHeaders getHttpHeaders() {
        return headers;
    }

    @Override
    public X509Certificate[] getClientCertificateChain() {
        return certificates;
    }

    @Override
    public UriInfo getUri() {
        return uri;
    }

    @Override
    public boolean isProxyTrusted() {
        return proxyTrusted;
    }

    /** The real request's headers (none when there is no request), with another media type. */
    private record Headers(HttpHeaders real, MediaType mediaType) implements HttpHeaders {

        @Override
        public List<String> getRequestHeader(String name) {
            return real == null ? List.of() : real.getRequestHeader(name);
        }

        @Override
        public String getHeaderString(String name) {
            return real == null ? null : real.getHeaderString(name);
        }

        @Override
        public MultivaluedMap<String, String> getRequestHeaders() {
            return real == null ? new MultivaluedHashMap<>() : real.getRequestHeaders();
        }

        @Override
        public List<MediaType> getAcceptableMediaTypes() {
            return real == null ? List.of(MediaType.WILDCARD_TYPE) : real.getAcceptableMediaTypes();
        }

        @Override
        public List<Locale> getAcceptableLanguages() {
            return real == null ? List.of() : real.getAcceptableLanguages();
        }

        @Override
        public MediaType getMediaType() {
            return mediaType;
        }

        @Override
        public Locale getLanguage() {
            return real == null ? null : real.getLanguage();
        }

        @Override
        public Map<String, Cookie> getCookies() {
            return real == null ? Map.of() : real.getCookies();
        }

        @Override
        public Date getDate() {
            return real == null ? null : real.getDate();
        }

        @Override
        public int getLength() {
            return real == null ? -1 : real.getLength();
        }
    }

    private static final class Uri implements UriInfo {

        private final URI baseUri;

        Uri(URI baseUri) {
            this.baseUri = baseUri;
        }

        @Override
        public String getPath() {
            return "";
        }

        @Override
        public String getPath(boolean decode) {
            return "";
        }

        @Override
        public List<PathSegment> getPathSegments() {
            return List.of();
        }

        @Override
        public List<PathSegment> getPathSegments(boolean decode) {
            return List.of();
        }

        @Override
        public URI getRequestUri() {
            return baseUri;
        }

        @Override
        public UriBuilder getRequestUriBuilder() {
            return UriBuilder.fromUri(baseUri);
        }

        @Override
        public URI getAbsolutePath() {
            return baseUri;
        }

        @Override
        public UriBuilder getAbsolutePathBuilder() {
            return UriBuilder.fromUri(baseUri);
        }

        @Override
        public URI getBaseUri() {
            return baseUri;
        }

        @Override
        public UriBuilder getBaseUriBuilder() {
            return UriBuilder.fromUri(baseUri);
        }

        @Override
        public MultivaluedMap<String, String> getPathParameters() {
            return new MultivaluedHashMap<>();
        }

        @Override
        public MultivaluedMap<String, String> getPathParameters(boolean decode) {
            return new MultivaluedHashMap<>();
        }

        @Override
        public MultivaluedMap<String, String> getQueryParameters() {
            return new MultivaluedHashMap<>();
        }

        @Override
        public MultivaluedMap<String, String> getQueryParameters(boolean decode) {
            return new MultivaluedHashMap<>();
        }

        @Override
        public List<String> getMatchedURIs() {
            return List.of();
        }

        @Override
        public List<String> getMatchedURIs(boolean decode) {
            return List.of();
        }

        @Override
        public List<Object> getMatchedResources() {
            return List.of();
        }

        @Override
        public URI resolve(URI uri) {
            return baseUri.resolve(uri);
        }

        @Override
        public URI relativize(URI uri) {
            return baseUri.relativize(uri);
        }
    }
}
