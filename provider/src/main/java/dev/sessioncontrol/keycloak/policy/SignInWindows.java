package dev.sessioncontrol.keycloak.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The policy's sign-ins under way, per user, on every node: each one from before its first step reads the user's
 * sessions until its new session is written everywhere. A sign-in whose window overlapped no other window of the
 * same user needs neither the user's row lock nor the re-check: every sign-in of the user that ended before it began
 * had its session written and was read by its first step, and every one that begins after it ends reads its session.
 * While a window is open, its new session is "in flight": the policy does not end it (its creating request would
 * write it back); its own re-check decides about it.
 *
 * <p>A user's windows are one entry of a {@link SharedStore} (Keycloak's work cache: shared by every node, its
 * conditional writes atomic), {@code "<id>@<opened millis>,…"} in the order they opened, changed by compare-and-set.
 * A window is closed by what its sign-in writes anyway: the session's indexed facts, written once Keycloak has
 * written the session everywhere (see {@code SessionFactSync}). So a sign-in writes the entry once, to open its
 * window; the next sign-in of the user drops the closed ones. A window older than the entry's lifespan counts as
 * closed, as an entry left by a node that died expires; until then that user's sign-ins count as overlapped, the
 * safe side.
 */
final class SignInWindows {

    /**
     * A sign-in's hold on its user's windows.
     *
     * @param alone        whether no other window of the user was open when it opened
     * @param closedBefore the windows listed when it opened that were closed by then
     */
    record Ticket(String key, String signInId, boolean alone, Set<String> closedBefore) {}

    /** Which of these sign-ins have written their session everywhere (their windows are closed). */
    interface Closed extends Function<Collection<String>, Set<String>> {}

    /**
     * How long a user's entry stays after its last sign-in opened, and how long a window may stay open: a sign-in
     * writes its session within seconds. The entries stay after their sign-ins, so this also bounds the work cache's
     * memory (one small entry per user who signed in within it).
     */
    static final long LIFESPAN_SECONDS = 60;

    private static final String PREFIX = "session-control.signing-in:";
    private static final int MAX_ATTEMPTS = 1000;
    private static final long MAX_WINDOW_MILLIS = LIFESPAN_SECONDS * 1000;

    private SignInWindows() {}

    static String key(String realmId, String userId) {
        return PREFIX + realmId + ":" + userId;
    }

    /** The open windows of an entry, by sign-in id, with when they opened, in the order they opened. */
    static Map<String, Long> decode(String value, long now) {
        Map<String, Long> open = new LinkedHashMap<>();
        if (value == null) {
            return open;
        }
        // An entry of an earlier release ("<overlapped>:<id>,…") lists ids without a time: open from now.
        String list = value.length() > 1 && value.charAt(1) == ':' ? value.substring(2) : value;
        for (String item : list.split(",")) {
            if (item.isEmpty()) {
                continue;
            }
            int at = item.lastIndexOf('@');
            long opened = now;
            if (at > 0) {
                try {
                    opened = Long.parseLong(item.substring(at + 1));
                } catch (NumberFormatException e) {
                    opened = now;
                }
            }
            open.put(at > 0 ? item.substring(0, at) : item, opened);
        }
        return open;
    }

    static String encode(Map<String, Long> open) {
        List<String> items = new ArrayList<>(open.size());
        open.forEach((id, opened) -> items.add(id + "@" + opened));
        return String.join(",", items);
    }

    /**
     * Opens a window for a sign-in (its new session's id) of the user under {@code key}, dropping the windows that
     * are closed; pass the ticket to {@link #close}.
     */
    static Ticket open(SharedStore store, String key, String signInId, long now, Closed closed) {
        Set<String> knownClosed = new HashSet<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String current = store.get(key);
            Map<String, Long> open = decode(current, now);
            open.remove(signInId);
            open.values().removeIf(opened -> opened < now - MAX_WINDOW_MILLIS);
            List<String> unknown = open.keySet().stream()
                    .filter(id -> !knownClosed.contains(id))
                    .toList();
            if (!unknown.isEmpty()) {
                knownClosed.addAll(closed.apply(unknown));
            }
            Set<String> closedNow = new HashSet<>(open.keySet());
            closedNow.retainAll(knownClosed);
            open.keySet().removeAll(knownClosed);
            boolean alone = open.isEmpty();
            open.put(signInId, now);
            String next = encode(open);
            boolean written =
                    current == null ? store.putIfAbsent(key, next) == null : store.replace(key, current, next);
            if (written) {
                return new Ticket(key, signInId, alone, Set.copyOf(closedNow));
            }
        }
        throw new IllegalStateException("could not open a sign-in window for " + key);
    }

    /**
     * After the sign-in's session was written (its window is closed by that): whether another sign-in of the user
     * overlapped its window, so that it needs the re-check. Writes nothing.
     */
    static boolean close(SharedStore store, Ticket ticket) {
        if (!ticket.alone()) {
            return true;
        }
        List<String> open = new ArrayList<>(decode(store.get(ticket.key()), 0).keySet());
        int mine = open.indexOf(ticket.signInId());
        // Gone (expired, or dropped by a later sign-in that found it closed): the safe answer. Else any window
        // listed after this one opened while this one was open.
        return mine < 0 || mine < open.size() - 1;
    }

    /**
     * Takes the window of a sign-in that did not happen out of its user's entry (its session will never be written).
     * The others keep their times; an earlier release's windows, listed without one, are written as opened now.
     */
    static void abandon(SharedStore store, Ticket ticket, long now) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String current = store.get(ticket.key());
            Map<String, Long> open = decode(current, now);
            if (open.remove(ticket.signInId()) == null) {
                return;
            }
            boolean written = open.isEmpty()
                    ? store.remove(ticket.key(), current)
                    : store.replace(ticket.key(), current, encode(open));
            if (written) {
                return;
            }
        }
        // Left to the entry's lifespan: until then the user's sign-ins count as overlapped, the safe side.
    }

    /**
     * Whether the session is being created by a sign-in of the user under {@code key} that has not finished.
     *
     * @param ticket the asking sign-in's own ticket (what it learnt when it opened), or null
     */
    static boolean inFlight(SharedStore store, String key, Ticket ticket, String sessionId, Closed closed) {
        if (!decode(store.get(key), 0).containsKey(sessionId)) {
            return false;
        }
        if (ticket != null && ticket.closedBefore().contains(sessionId)) {
            return false; // closed when the asking sign-in opened, so closed now
        }
        return !closed.apply(List.of(sessionId)).contains(sessionId);
    }
}
