package dev.sessioncontrol.keycloak.policy;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy's sign-ins under way on this node, per user: each one from before its first step reads the user's
 * sessions until after its new session's row is written. A sign-in whose window overlapped no other window of
 * the same user needs no re-check: every sign-in that ended before it began had its row written and was read by
 * its first step, and every one that begins after it ends reads its row. Only sound when no other node creates
 * sessions (see {@link NodeTopology}); the state is node-local and the same for every realm.
 */
final class SignInWindows {

    /** One user's windows that are open now. Its fields change only inside the map's atomic compute calls. */
    static final class Window {
        private int open;
        private boolean overlapped;
    }

    private final ConcurrentHashMap<String, Window> byUser = new ConcurrentHashMap<>();

    /** A sign-in's hold on its user's window. */
    record Ticket(Window window, boolean alone) {
    }

    /**
     * Opens a window for a sign-in of this user; pass what it answers to {@link #close}.
     *
     * @return the ticket, which tells whether no other sign-in of the user was under way at this moment
     */
    Ticket open(String userKey) {
        boolean[] alone = {false};
        Window opened = byUser.compute(userKey, (k, w) -> {
            Window window = w == null ? new Window() : w;
            if (window.open > 0) {
                window.overlapped = true;
            } else {
                alone[0] = true;
            }
            window.open++;
            return window;
        });
        return new Ticket(opened, alone[0]);
    }

    /**
     * Closes a window that {@link #open} answered for this user.
     *
     * @return whether another sign-in of the user overlapped it (it then needs the re-check)
     */
    boolean close(String userKey, Ticket ticket) {
        Window window = ticket.window();
        boolean[] overlapped = {true};
        byUser.computeIfPresent(userKey, (k, w) -> {
            if (w != window) {
                return w; // not ours: the caller broke the contract; answer "overlapped", the safe side
            }
            overlapped[0] = w.overlapped;
            w.open--;
            return w.open == 0 ? null : w;
        });
        return overlapped[0];
    }

    /** Users with a window open now (for tests). */
    int usersWithOpenWindows() {
        return byUser.size();
    }
}
