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
 * The HTTP request of a thread that has none: a background batch of a bulk ending ends sessions through Keycloak's
 * logout code, which asks the Keycloak context for the request's URI (to resolve a relative back-channel logout URL,
 * to match identity cookies) and headers. It gets the server's base URI as the request that started the job saw it,
 * and otherwise an empty request: no headers, no cookies, no form, no client certificate. A new-device e-mail, sent
 * after its sign-in, gets the same (Keycloak's e-mail templates read the request's URI).
 */
public final class RequestlessHttpRequest implements HttpRequest {

    private final UriInfo uri;

    public RequestlessHttpRequest(URI baseUri) {
        this.uri = new Uri(baseUri);
    }

    @Override
    public String getHttpMethod() {
        return "POST";
    }

    @Override
    public MultivaluedMap<String, String> getDecodedFormParameters() {
        return new MultivaluedHashMap<>();
    }

    @Override
    public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
        return new MultivaluedHashMap<>();
    }

    @Override
    public HttpHeaders getHttpHeaders() {
        return NoHeaders.INSTANCE;
    }

    @Override
    public X509Certificate[] getClientCertificateChain() {
        return null;
    }

    @Override
    public UriInfo getUri() {
        return uri;
    }

    @Override
    public boolean isProxyTrusted() {
        return false;
    }

    private static final class NoHeaders implements HttpHeaders {
        static final NoHeaders INSTANCE = new NoHeaders();

        @Override
        public List<String> getRequestHeader(String name) {
            return List.of();
        }

        @Override
        public String getHeaderString(String name) {
            return null;
        }

        @Override
        public MultivaluedMap<String, String> getRequestHeaders() {
            return new MultivaluedHashMap<>();
        }

        @Override
        public List<MediaType> getAcceptableMediaTypes() {
            return List.of(MediaType.WILDCARD_TYPE);
        }

        @Override
        public List<Locale> getAcceptableLanguages() {
            return List.of();
        }

        @Override
        public MediaType getMediaType() {
            return null;
        }

        @Override
        public Locale getLanguage() {
            return null;
        }

        @Override
        public Map<String, Cookie> getCookies() {
            return Map.of();
        }

        @Override
        public Date getDate() {
            return null;
        }

        @Override
        public int getLength() {
            return -1;
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
