package dev.sessioncontrol.keycloak.policy;

import dev.sessioncontrol.keycloak.config.ConcurrentLoginMode;
import dev.sessioncontrol.keycloak.config.LimitAction;
import dev.sessioncontrol.keycloak.config.SessionControlConfig;
import java.util.function.Predicate;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * The realm's policy as the decision sees it.
 *
 * @param maxPerDeviceType how many sessions of one type may live with {@code LogoutFromSameTypeDevices}
 * @param exemptRole       the realm role whose holders are not limited, or null
 */
record Policy(ConcurrentLoginMode mode, int maxPerDeviceType, LimitAction action, String exemptRole) {

    Policy {
        maxPerDeviceType = Math.max(1, maxPerDeviceType);
    }

    static Policy of(SessionControlConfig config) {
        return new Policy(config.mode(), config.maxSessionsPerDeviceType(), config.action(), config.exemptRole());
    }

    /** Whether the user holds the exempt role (directly, through a composite or a group). */
    boolean exempts(RealmModel realm, UserModel user) {
        return exempt(exemptRole, name -> {
            RoleModel role = realm.getRole(name);
            return role != null && user.hasRole(role);
        });
    }

    /**
     * Whether a user is not limited: the realm names an exempt role, and the user holds it.
     *
     * @param holdsRealmRole whether the user holds the realm role of that name (directly, through a composite or
     *                       a group); false for a role the realm does not have
     */
    static boolean exempt(String exemptRole, Predicate<String> holdsRealmRole) {
        return exemptRole != null && !exemptRole.isBlank() && holdsRealmRole.test(exemptRole.trim());
    }

    boolean enabled() {
        return mode != ConcurrentLoginMode.Disabled;
    }

    /** How many sessions, the new one included, may live in the new session's scope. */
    int limit() {
        return mode == ConcurrentLoginMode.LogoutFromAllDevices ? 1 : maxPerDeviceType;
    }

    /** Whether {@code other} is counted against a new session of {@code deviceType}. */
    boolean inScope(String deviceType, LiveSession other) {
        return switch (mode) {
            case Disabled -> false;
            case LogoutFromAllDevices -> true;
            case LogoutFromSameTypeDevices -> deviceType != null && deviceType.equals(other.deviceType());
        };
    }
}
