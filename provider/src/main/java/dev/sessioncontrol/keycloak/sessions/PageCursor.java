package dev.sessioncontrol.keycloak.sessions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in a session listing: the sort's value (start or last access, in Keycloak's seconds), then the session's
 * id and type, which together order every session of a realm one way. {@code after} a position lists what follows it
 * in the listing's order, {@code before} what precedes it, so every page is read from the listing index as the first
 * is, however deep. Opaque to callers: the text is a versioned form that names its order, so a cursor of another
 * order is refused rather than misread.
 *
 * @param sort    the listing order the position belongs to
 * @param value   the session's start (or last access) second
 * @param id      the session's id
 * @param offline the session's type
 */
public record PageCursor(SessionSort sort, int value, String id, boolean offline) {

    private static final String VERSION = "1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** Longest text accepted: the encoded form of the longest id Keycloak stores (255) with its fields. */
    private static final int MAX_TEXT = 400;

    /** The text a caller sends back as {@code after} or {@code before}. */
    public String text() {
        String plain = VERSION + ":" + sort.wire() + ":" + value + ":" + (offline ? "1" : "0") + ":" + id;
        return ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor given back by a caller, for a listing in this order.
     *
     * @throws IllegalArgumentException with a message fit for the caller when it is no cursor of this order
     */
    public static PageCursor parse(String text, SessionSort sort) {
        String plain;
        try {
            if (text.length() > MAX_TEXT) {
                throw new IllegalArgumentException("too long");
            }
            plain = new String(DECODER.decode(text.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor of this listing");
        }
        String[] parts = plain.split(":", 5);
        if (parts.length != 5
                || !VERSION.equals(parts[0])
                || !("0".equals(parts[3]) || "1".equals(parts[3]))
                || parts[4].isEmpty()) {
            throw new IllegalArgumentException("not a cursor of this listing");
        }
        if (!sort.wire().equals(parts[1])) {
            throw new IllegalArgumentException("a cursor of the order '" + parts[1] + "', not of '" + sort.wire()
                    + "': send the sort it was given with");
        }
        int value;
        try {
            value = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a cursor of this listing");
        }
        return new PageCursor(sort, value, parts[4], "1".equals(parts[3]));
    }

    String flag() {
        return offline ? "1" : "0";
    }
}
