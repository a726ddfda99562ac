package dev.sessioncontrol.keycloak.sessions;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.keycloak.device.DeviceActivityManager;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.account.DeviceRepresentation;

/**
 * What a {@code LOGOUT} event of this extension records about the session it ended, so that the history can show it
 * after the session is gone: short strings under snake_case names, as Keycloak names its own details. Written by
 * {@link SessionTerminator}, read back by {@link EndedSession#of}.
 */
final class EndingDetails {

    /** {@code REGULAR} or {@code OFFLINE}. */
    static final String SESSION_TYPE = "session_type";
    /** The session's device type ({@link SessionNotes#DEVICE_TYPE}). */
    static final String DEVICE_TYPE = "device_type";
    /** Keycloak's parse of the sign-in's User-Agent, {@code os|osVersion|browser|model|mobile}. */
    static final String DEVICE = "device";
    /** The sign-in address (the event's own address is the caller's, whoever ended the session). */
    static final String SIGN_IN_IP = "sign_in_ip";
    /** The last address seen for the session, when it differs from the sign-in address. */
    static final String LAST_IP = "last_ip";
    /** Where the sign-in address is: {@link Place#note()} as kept on the session. */
    static final String SIGN_IN_PLACE = "sign_in_place";
    /** Where the last address is, when it differs. */
    static final String LAST_PLACE = "last_place";
    /** The clientIds of the applications the session had signed in to, comma-separated. */
    static final String CLIENTS = "clients";
    /** When the session started, epoch milliseconds. */
    static final String STARTED = "started";
    /** The owner's username, for the history of a user removed since. */
    static final String USERNAME = "username";

    private static final char FIELD = '|';
    private static final String MOBILE = "mobile";

    private EndingDetails() {}

    /** The details of a session about to end; absent values are left out. */
    static Map<String, String> of(UserSessionModel s) {
        Map<String, String> details = new LinkedHashMap<>();
        put(details, SESSION_TYPE, SessionType.of(s.isOffline()).name());
        put(details, USERNAME, s.getUser().getUsername());
        // As the session view shows it, so that a session starts at the same instant in both.
        put(details, STARTED, String.valueOf(s.getStarted() * 1000L));
        put(details, DEVICE_TYPE, s.getNote(SessionNotes.DEVICE_TYPE));
        DeviceRepresentation d = DeviceActivityManager.getCurrentDevice(s);
        if (d != null) {
            put(details, DEVICE, device(d.getOs(), d.getOsVersion(), d.getBrowser(), d.getDevice(), d.isMobile()));
        }
        put(details, SIGN_IN_IP, s.getIpAddress());
        put(details, SIGN_IN_PLACE, s.getNote(SessionNotes.PLACE));
        String lastIp = s.getNote(SessionNotes.LAST_IP);
        if (lastIp != null && !lastIp.equals(s.getIpAddress())) {
            put(details, LAST_IP, lastIp);
            put(details, LAST_PLACE, s.getNote(SessionNotes.LAST_PLACE));
        }
        put(
                details,
                CLIENTS,
                s.getAuthenticatedClientSessions().values().stream()
                        .map(AuthenticatedClientSessionModel::getClient)
                        .filter(Objects::nonNull)
                        .map(ClientModel::getClientId)
                        .sorted()
                        .collect(Collectors.joining(",")));
        return details;
    }

    private static void put(Map<String, String> details, String name, String value) {
        if (value != null && !value.isEmpty()) {
            details.put(name, value);
        }
    }

    /** The device detail's text; a bar inside a value (no parser writes one) becomes a space. */
    static String device(String os, String osVersion, String browser, String model, boolean mobile) {
        return String.join(
                String.valueOf(FIELD), field(os), field(osVersion), field(browser), field(model), mobile ? MOBILE : "");
    }

    private static String field(String value) {
        return value == null ? "" : value.replace(FIELD, ' ');
    }

    /** The device a detail describes, or null for none or a text this version cannot read. */
    static SessionView.Device device(String detail) {
        if (detail == null || detail.isEmpty()) {
            return null;
        }
        String[] fields = detail.split("\\|", -1);
        if (fields.length != 5) {
            return null;
        }
        return new SessionView.Device(
                blankAsNull(fields[0]),
                blankAsNull(fields[1]),
                blankAsNull(fields[2]),
                blankAsNull(fields[3]),
                MOBILE.equals(fields[4]));
    }

    /** The clientIds of the clients detail, in its order; empty for none. */
    static List<String> clientIds(String detail) {
        if (detail == null || detail.isBlank()) {
            return List.of();
        }
        return Arrays.stream(detail.split(","))
                .map(String::strip)
                .filter(c -> !c.isEmpty())
                .toList();
    }

    private static String blankAsNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
