package dev.sessioncontrol.keycloak.config;

/** What happens when a new sign-in would exceed the limit. */
public enum LimitAction {
    /** The new sign-in wins; the oldest sessions are ended (ABP's behaviour). */
    TerminateOldest,
    /** The new sign-in is refused while the limit is reached. */
    DenyNew
}
