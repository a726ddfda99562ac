/**
 * The concurrent-login policy per device type: the pure decision of which sessions a new sign-in ends (or
 * whether it is refused), its enforcement (called by the session listener in {@code events}) with an after-commit
 * re-check that makes it race-safe, and the optional "Session policy" authenticator that warns a browser user and
 * is the only place {@code DenyNew} can refuse. Reads the realm's policy from {@code config}, ends sessions only
 * through {@code sessions}; knows nothing of the REST API or the Casdoor adapter. May import {@code sessions},
 * {@code config}, {@code device} and {@code support}.
 */
package dev.sessioncontrol.keycloak.policy;
