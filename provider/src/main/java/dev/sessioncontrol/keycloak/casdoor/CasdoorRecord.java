package dev.sessioncontrol.keycloak.casdoor;

import java.util.List;

/**
 * A Casdoor session record as answered: every session id of one user for one application, the live Keycloak
 * sessions first (oldest first), then the ids the application registered itself.
 *
 * @param createdTime  RFC 3339; the registered record's time when there is one, else the oldest session's start
 * @param sessionInfos one entry per live Keycloak session (registered ids carry no such facts)
 */
record CasdoorRecord(
        String owner,
        String name,
        String application,
        String createdTime,
        List<String> sessionId,
        boolean exclusiveSignin,
        List<SessionInfo> sessionInfos) {

    CasdoorRecord {
        sessionId = List.copyOf(sessionId);
        sessionInfos = List.copyOf(sessionInfos);
    }

    RecordKey key() {
        return RecordKey.of(name, application);
    }

    /**
     * What is known of one live Keycloak session.
     *
     * @param userAgent browser and operating system as Keycloak parsed them at sign-in (it keeps no raw header)
     */
    record SessionInfo(String sessionId, String ip, String userAgent, String lastActiveTime, String deviceType) {}
}
