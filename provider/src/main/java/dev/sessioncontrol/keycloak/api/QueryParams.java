package dev.sessioncontrol.keycloak.api;

import dev.sessioncontrol.keycloak.device.DeviceTypes;
import dev.sessioncontrol.keycloak.sessions.AddressRange;
import dev.sessioncontrol.keycloak.sessions.EndReason;
import dev.sessioncontrol.keycloak.sessions.PageCursor;
import dev.sessioncontrol.keycloak.sessions.Paging;
import dev.sessioncontrol.keycloak.sessions.SessionService;
import dev.sessioncontrol.keycloak.sessions.SessionSort;
import dev.sessioncontrol.keycloak.sessions.SessionType;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parses and checks query parameters; anything malformed is a 400 with a message naming the parameter. */
final class QueryParams {

    static final int DEFAULT_PAGE_SIZE = 20;

    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private QueryParams() {}

    static int first(String value) {
        return nonNegative("first", value, 0);
    }

    /** Page size; above {@link SessionService#MAX_PAGE_SIZE} it is capped, not refused. */
    static int max(String value) {
        int max = nonNegative("max", value, DEFAULT_PAGE_SIZE);
        return Math.min(max, SessionService.MAX_PAGE_SIZE);
    }

    static SessionSort sort(String value) {
        return SessionSort.parse(value)
                .orElseThrow(() -> ApiErrors.badRequest(
                        "unknown sort '" + value + "'; use started, -started, lastAccess or -lastAccess"));
    }

    /**
     * Which page to read: {@code after} or {@code before} a cursor a page answer gave (of the same sort), else from
     * {@code first}. A cursor with {@code first}, or both cursors, is refused rather than one of them ignored.
     */
    static Paging paging(String first, String max, String after, String before, SessionSort sort) {
        int offset = first(first);
        int size = max(max);
        if (!blank(after) && !blank(before)) {
            throw ApiErrors.badRequest("after and before cannot be combined");
        }
        if ((!blank(after) || !blank(before)) && offset > 0) {
            throw ApiErrors.badRequest("first cannot be combined with after or before");
        }
        return new Paging(offset, size, cursor("after", after, sort), cursor("before", before, sort));
    }

    private static PageCursor cursor(String name, String value, SessionSort sort) {
        if (blank(value)) {
            return null;
        }
        try {
            return PageCursor.parse(value, sort);
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest("malformed " + name + ": " + e.getMessage());
        }
    }

    static String sessionId(String value) {
        if (value == null || !SESSION_ID.matcher(value).matches()) {
            throw ApiErrors.badRequest("malformed session id");
        }
        return value;
    }

    /**
     * Whether a path id (a user's, a job's) can name anything: at most {@code max} characters and no control
     * characters (PostgreSQL refuses a NUL in any string parameter, so such an id never reaches a query).
     */
    static boolean wellFormedId(String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            return false;
        }
        return value.chars().noneMatch(Character::isISOControl);
    }

    /**
     * The {@code ip} filter: the beginning of an address ({@code 10.7.}) or a CIDR block ({@code 10.0.0.0/8},
     * {@code 2001:db8::/32}; host bits set are the block they fall in); blank is none (null).
     */
    static AddressRange address(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return AddressRange.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest("malformed ip: " + e.getMessage()
                    + "; use the beginning of an address (10.7.) or a CIDR block (10.0.0.0/8, 2001:db8::/32)");
        }
    }

    /** The {@code country} filter: an ISO 3166-1 alpha-2 code, upper-cased; blank is none (null). */
    static String country(String value) {
        if (blank(value)) {
            return null;
        }
        String code = value.trim().toUpperCase(Locale.ROOT);
        if (code.length() != 2 || !code.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw ApiErrors.badRequest("country must be an ISO 3166-1 alpha-2 code (two letters, e.g. DE), not '"
                    + abbreviated(value.trim()) + "'");
        }
        return code;
    }

    /**
     * A start bound ({@code startedAfter}, {@code startedBefore}): epoch milliseconds, 0 or more; blank is none
     * (null).
     */
    static Long epochMillis(String name, String value) {
        if (blank(value)) {
            return null;
        }
        String v = value.trim();
        if (v.length() > 19 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiErrors.badRequest(
                    name + " must be epoch milliseconds (a whole number, 0 or more), not '" + abbreviated(v) + "'");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiErrors.badRequest(name + " is too large for epoch milliseconds");
        }
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    /** {@code REGULAR} or {@code OFFLINE}; blank is both (null). */
    static SessionType type(String value) {
        if (blank(value)) {
            return null;
        }
        return SessionType.parse(value.trim())
                .orElseThrow(() -> ApiErrors.badRequest("unknown type '" + value + "'; use REGULAR or OFFLINE"));
    }

    /** Why a session ended ({@link EndReason#value()}); blank is any reason (null). */
    static EndReason reason(String value) {
        if (blank(value)) {
            return null;
        }
        return EndReason.parse(value.trim())
                .orElseThrow(() -> ApiErrors.badRequest(
                        "unknown reason '" + abbreviated(value.trim()) + "'; use " + EndReason.allValues()));
    }

    static String deviceType(String value) {
        if (blank(value)) {
            return null;
        }
        if (value.trim().length() > DeviceTypes.MAX_LENGTH) {
            throw ApiErrors.badRequest("deviceType is longer than " + DeviceTypes.MAX_LENGTH + " characters");
        }
        if (!wellFormedId(value.trim(), DeviceTypes.MAX_LENGTH)) {
            throw ApiErrors.badRequest("deviceType contains control characters");
        }
        return value.trim();
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static int nonNegative(String name, String value, int fallback) {
        if (blank(value)) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw ApiErrors.badRequest(name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiErrors.badRequest(name + " must be a whole number, not '" + value + "'");
        }
    }
}
