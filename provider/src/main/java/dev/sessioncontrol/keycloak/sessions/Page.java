package dev.sessioncontrol.keycloak.sessions;

import java.util.List;

/**
 * One page of a listing and the number of all matches, with the cursors of the pages next to it.
 *
 * @param next     send as {@code after} for the next page; null when this page is the last
 * @param previous send as {@code before} for the previous page; null when this page is the first
 */
public record Page<T>(long total, List<T> items, String next, String previous) {

    public Page(long total, List<T> items) {
        this(total, items, null, null);
    }
}
