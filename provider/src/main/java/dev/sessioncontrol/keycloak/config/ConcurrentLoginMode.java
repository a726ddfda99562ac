package dev.sessioncontrol.keycloak.config;

/** ABP's "prevent concurrent login" setting, with ABP's names. */
public enum ConcurrentLoginMode {
    Disabled,
    LogoutFromSameTypeDevices,
    LogoutFromAllDevices
}
