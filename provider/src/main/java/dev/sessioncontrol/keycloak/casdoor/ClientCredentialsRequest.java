package dev.sessioncontrol.keycloak.casdoor;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.OAuth2Constants;
import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

/**
 * The request as Keycloak's client authenticators read it at the token endpoint: the real request (its
 * {@code Authorization} header, its TLS client certificate, its URI), with the client credentials a Casdoor SDK
 * sends in the query ({@code clientId}, {@code clientSecret}; {@code client_assertion_type},
 * {@code client_assertion} for a client that signs JWTs) presented as the form of a token request. Casdoor's
 * bodies are JSON, so the real request never has a form of its own to offer.
 */
final class ClientCredentialsRequest implements HttpRequest {

    private final HttpRequest request;
    private final MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
    private final HttpHeaders headers;

    ClientCredentialsRequest(
            HttpRequest request, String clientId, String clientSecret, String assertionType, String assertion) {
        this.request = request;
        putIfPresent(OAuth2Constants.CLIENT_ID, clientId);
        putIfPresent(OAuth2Constants.CLIENT_SECRET, clientSecret);
        putIfPresent(OAuth2Constants.CLIENT_ASSERTION_TYPE, assertionType);
        putIfPresent(OAuth2Constants.CLIENT_ASSERTION, assertion);
        this.headers = new FormHeaders(request.getHttpHeaders());
    }

    private void putIfPresent(String name, String value) {
        if (value != null) {
            form.putSingle(name, value);
        }
    }

    @Override
    public String getHttpMethod() {
        return request.getHttpMethod();
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
        return request.getClientCertificateChain();
    }

    @Override
    public UriInfo getUri() {
        return request.getUri();
    }

    @Override
    public boolean isProxyTrusted() {
        return request.isProxyTrusted();
    }

    /** The request's headers, but with a form's media type, which the authenticators require to read the form. */
    private record FormHeaders(HttpHeaders delegate) implements HttpHeaders {

        @Override
        public List<String> getRequestHeader(String name) {
            return delegate.getRequestHeader(name);
        }

        @Override
        public String getHeaderString(String name) {
            return delegate.getHeaderString(name);
        }

        @Override
        public MultivaluedMap<String, String> getRequestHeaders() {
            return delegate.getRequestHeaders();
        }

        @Override
        public List<MediaType> getAcceptableMediaTypes() {
            return delegate.getAcceptableMediaTypes();
        }

        @Override
        public List<Locale> getAcceptableLanguages() {
            return delegate.getAcceptableLanguages();
        }

        @Override
        public MediaType getMediaType() {
            return MediaType.APPLICATION_FORM_URLENCODED_TYPE;
        }

        @Override
        public Locale getLanguage() {
            return delegate.getLanguage();
        }

        @Override
        public Map<String, Cookie> getCookies() {
            return delegate.getCookies();
        }

        @Override
        public Date getDate() {
            return delegate.getDate();
        }

        @Override
        public int getLength() {
            return delegate.getLength();
        }
    }
}
