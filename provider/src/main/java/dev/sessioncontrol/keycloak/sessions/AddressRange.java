package dev.sessioncontrol.keycloak.sessions;

/**
 * Which addresses an {@code ip} filter matches: the beginning of an address as written ({@code 10.7.}).
 *
 * @param prefix the beginning of the address text
 */
public record AddressRange(String prefix) {

    /** The range an {@code ip} parameter names; {@link IllegalArgumentException} with a message when malformed. */
    public static AddressRange parse(String value) {
        return new AddressRange(value);
    }

    /** The range as {@link #parse} reads it back. */
    public String text() {
        return prefix;
    }

    /** Whether the address (as Keycloak recorded it; null when none) is in the range. */
    public boolean matches(String address) {
        return address != null && address.startsWith(prefix);
    }
}
