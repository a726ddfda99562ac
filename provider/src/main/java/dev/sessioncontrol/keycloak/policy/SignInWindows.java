package dev.sessioncontrol.keycloak.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The policy's sign-ins under way, per user, on every node: each one from before its first step reads the user's
 * sessions until after its new session is written everywhere. A sign-in whose window overlapped no other window of
 * the same user needs neither the user's row lock nor the re-check: every sign-in of the user that ended before it
 * began had its session written and was read by its first step, and every one that begins after it ends reads its
 * session. While a window is open, its new session is "in flight": the policy does not end it (its creating
 * request would write it back); its own re-check decides about it.
 *
 * <p>A user's windows are one entry of a {@link SharedStore} (Keycloak's work cache: shared by every node, its
 * conditional writes atomic), {@code "<overlapped 0|1>:<id>,<id>…"}, changed by compare-and-set. An entry left by a
 * node that died expires; until then that user's sign-ins count as overlapped, which is the safe side.
 */
final class SignInWindows {

    /** A sign-in's hold on its user's windows. */
    record Ticket(String key, String signInId, boolean alone) {}

    /** One user's open windows. */
    record State(boolean overlapped, List<String> open) {

        static State decode(String value) {
            int colon = value.indexOf(':');
            List<String> ids = colon + 1 >= value.length()
                    ? List.of()
                    : Arrays.asList(value.substring(colon + 1).split(","));
            return new State(value.startsWith("1"), ids);
        }

        String encode() {
            return (overlapped ? "1" : "0") + ":" + String.join(",", open);
        }

        State with(String id) {
            List<String> ids = new ArrayList<>(open);
            ids.add(id);
            return new State(true, ids);
        }

        State without(String id) {
            List<String> ids = new ArrayList<>(open);
            ids.remove(id);
            return new State(overlapped, ids);
        }
    }

    private static final Logger LOG = Logger.getLogger(SignInWindows.class);
    private static final String PREFIX = "session-control.signing-in:";
    private static final int MAX_ATTEMPTS = 1000;

    private SignInWindows() {}

    static String key(String realmId, String userId) {
        return PREFIX + realmId + ":" + userId;
    }

    /**
     * Opens a window for a sign-in (its new session's id) of the user under {@code key}; pass the ticket to
     * {@link #close}. Opening next to other open windows marks them all overlapped.
     */
    static Ticket open(SharedStore store, String key, String signInId) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String current = store.get(key);
            if (current == null) {
                if (store.putIfAbsent(key, new State(false, List.of(signInId)).encode()) == null) {
                    return new Ticket(key, signInId, true);
                }
            } else if (store.replace(
                    key, current, State.decode(current).with(signInId).encode())) {
                return new Ticket(key, signInId, false);
            }
        }
        throw new IllegalStateException("could not open a sign-in window for " + key);
    }

    /**
     * Closes the ticket's window (after its session was written).
     *
     * @return whether another sign-in of the user overlapped it (it then needs the re-check)
     */
    static boolean close(SharedStore store, Ticket ticket) {
        String seen = store.get(ticket.key());
        if (seen == null) {
            return true; // expired or removed by someone else: the safe answer
        }
        State first = State.decode(seen);
        if (!first.open().contains(ticket.signInId())) {
            return true;
        }
        if (!first.overlapped()) {
            // Alone until now: a sign-in that opens from here on reads this one's session, written by now, and finds
            // this window open, so it re-checks itself. The entry only has to go; that is not waited for.
            closeLater(store, ticket, seen, 0);
            return false;
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String current = attempt == 0 ? seen : store.get(ticket.key());
            if (current == null) {
                return true;
            }
            State state = State.decode(current);
            if (!state.open().contains(ticket.signInId())) {
                return true;
            }
            State next = state.without(ticket.signInId());
            boolean done = next.open().isEmpty()
                    ? store.remove(ticket.key(), current)
                    : store.replace(ticket.key(), current, next.encode());
            if (done) {
                return state.overlapped();
            }
        }
        throw new IllegalStateException("could not close the sign-in window of " + ticket.key());
    }

    /** Takes the sign-in out of its user's entry without waiting; a change meanwhile makes it try again. */
    private static void closeLater(SharedStore store, Ticket ticket, String current, int attempt) {
        State next = State.decode(current).without(ticket.signInId());
        CompletionStage<Boolean> done = next.open().isEmpty()
                ? store.removeLater(ticket.key(), current)
                : store.replaceLater(ticket.key(), current, next.encode());
        done.whenComplete((removed, failure) -> {
            if (failure != null) {
                // Its entry expires; until then the user's sign-ins count as overlapped, the safe side.
                LOG.debugf(failure, "Could not close the sign-in window of %s", ticket.key());
                return;
            }
            if (Boolean.TRUE.equals(removed)) {
                return;
            }
            String now = store.get(ticket.key());
            if (now != null && State.decode(now).open().contains(ticket.signInId())) {
                if (attempt + 1 < MAX_ATTEMPTS) {
                    closeLater(store, ticket, now, attempt + 1);
                } else {
                    LOG.debugf("Could not close the sign-in window of %s; it expires", ticket.key());
                }
            }
        });
    }

    /** Whether the session is being created by a sign-in of the user under {@code key} that has not finished. */
    static boolean inFlight(SharedStore store, String key, String sessionId) {
        String current = store.get(key);
        return current != null && State.decode(current).open().contains(sessionId);
    }
}
