package dev.sessioncontrol.keycloak.policy;

import java.util.List;

/**
 * What a sign-in leads to: nothing, the listed sessions are ended, or (only where a sign-in can still be
 * refused, in the authenticator) the sign-in is denied.
 */
record Decision(Verdict verdict, List<LiveSession> toEnd) {

    enum Verdict {
        ALLOW,
        END_OTHERS,
        DENY
    }

    static final Decision ALLOW = new Decision(Verdict.ALLOW, List.of());
    static final Decision DENY = new Decision(Verdict.DENY, List.of());

    static Decision endOthers(List<LiveSession> toEnd) {
        return toEnd.isEmpty() ? ALLOW : new Decision(Verdict.END_OTHERS, List.copyOf(toEnd));
    }

    boolean denied() {
        return verdict == Verdict.DENY;
    }
}
