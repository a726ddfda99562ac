/**
 * Where sessions are: the operator's MaxMind-format location database, read through MaxMind's own reader (shaded into
 * the jar), one per node in {@link dev.sessioncontrol.keycloak.geo.PlaceLookupFactory}, and what a new place means for
 * a user (impossible travel, a country not seen before) with the places each user was seen at. Depends on
 * {@code sessions} (the {@code Place} it resolves to) and {@code config}.
 */
package dev.sessioncontrol.keycloak.geo;
