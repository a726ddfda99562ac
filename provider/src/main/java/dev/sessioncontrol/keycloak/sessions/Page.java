package dev.sessioncontrol.keycloak.sessions;

import java.util.List;

/** One page of a listing and the number of all matches. */
public record Page<T>(long total, List<T> items) {}
