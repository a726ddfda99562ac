package dev.sessioncontrol.keycloak.device;

import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.models.KeycloakSession;

/**
 * Resolves the device type of a new session, in the order of the contract: the client's attribute, then
 * ABP's defaults ({@code Web} for a browser sign-in, {@code OAuth} at the token endpoint), where a realm may
 * ask for browser sign-ins to be classified by User-Agent instead of {@code Web}.
 */
public final class DeviceTypeResolver {

    private DeviceTypeResolver() {}

    /**
     * @param clientAttribute        the client's {@value DeviceTypes#CLIENT_ATTRIBUTE} attribute, may be null
     * @param channel                how the session was created
     * @param deviceTypeFromUserAgent the realm switch
     * @param userAgent              the request's User-Agent, may be null
     */
    public static String resolve(
            String clientAttribute, SignInChannel channel, boolean deviceTypeFromUserAgent, String userAgent) {
        String configured = normalize(clientAttribute);
        if (configured != null) {
            return configured;
        }
        if (channel == SignInChannel.TOKEN_ENDPOINT) {
            return DeviceTypes.OAUTH;
        }
        if (deviceTypeFromUserAgent) {
            return UserAgentClassifier.classify(userAgent);
        }
        return DeviceTypes.WEB;
    }

    /** Trims a configured device type; blank means "not configured". */
    public static String normalize(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        return trimmed.length() > DeviceTypes.MAX_LENGTH ? trimmed.substring(0, DeviceTypes.MAX_LENGTH) : trimmed;
    }

    /** The User-Agent of the current request, or null. */
    public static String userAgentOf(KeycloakSession session) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        return headers == null ? null : headers.getHeaderString(HttpHeaders.USER_AGENT);
    }
}
