import { useConfirmDialog } from "@keycloak/keycloak-admin-ui";
import { useAlerts } from "@keycloak/keycloak-ui-shared";
import { AlertVariant, ButtonVariant, type ModalVariant } from "@patternfly/react-core";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Ended } from "../api";
import { endedMessage } from "./endedMessage";

export type Confirmation = {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** Names the confirmed action on the dialog's body (`data-action`), e.g. "end-session". */
  action: string;
  /** The confirmed action: a message, or the answer of an ending of several sessions. */
  run: () => Promise<string | Ended>;
  /** The dialog's width; Keycloak's default (small) when not given. */
  variant?: ModalVariant;
  /** What the alert says of an ending of several sessions, when more than how many ended (the default). */
  describe?: (ended: Ended) => string;
  /**
   * For an ending the request finishes itself: how many sessions it covers, and how many are still to end (asked
   * every second while the request runs, to show the remainder shrinking).
   */
  watch?: { covered: number; remaining: () => Promise<number> };
};

/** How often the remainder of an ending that the request finishes is asked for while it runs. */
const WATCH_MS = 1000;

/**
 * Keycloak's confirm dialog for an irreversible action, then its outcome as an alert. `onEnded` is given the answer
 * of an ending of several sessions, `onSettled` is called whatever happened (to reload the table), `onPending` the
 * remainder of a watched ending while its request runs.
 */
export function useConfirmation(
  onEnded: (ended: Ended) => void,
  onSettled: () => void,
  onPending: (progress: Ended) => void = () => undefined,
) {
  const { t } = useTranslation();
  const { addAlert, addError } = useAlerts();
  const [confirmation, setConfirmation] = useState<Confirmation>();

  const run = async (confirmed: Confirmation) => {
    const watch = confirmed.watch;
    let settled = false;
    const pending = (remaining: number) =>
      !settled &&
      watch &&
      onPending({
        jobId: "",
        covered: watch.covered,
        ended: Math.max(0, watch.covered - remaining),
        remaining,
        done: false,
      });
    const timer = watch
      ? setInterval(() => {
          watch
            .remaining()
            .then(pending)
            .catch(() => undefined);
        }, WATCH_MS)
      : undefined;
    if (watch) pending(watch.covered);
    try {
      const outcome = await confirmed.run();
      if (typeof outcome === "string") {
        addAlert(outcome, AlertVariant.success);
      } else {
        addAlert(confirmed.describe?.(outcome) ?? endedMessage(t, outcome), AlertVariant.success);
        onEnded(outcome);
      }
    } catch (error) {
      addError("sessionControlEndError", error);
    } finally {
      settled = true;
      clearInterval(timer);
      onSettled();
    }
  };

  const [toggle, ConfirmDialog] = useConfirmDialog({
    titleKey: confirmation?.title ?? "",
    continueButtonLabel: confirmation?.confirmLabel,
    continueButtonVariant: ButtonVariant.danger,
    variant: confirmation?.variant,
    onConfirm: () => confirmation && run(confirmation),
    children: (
      <div data-testid="sc-confirm-body" data-action={confirmation?.action}>
        {confirmation?.body}
      </div>
    ),
  });
  const confirm = (next: Confirmation) => {
    setConfirmation(next);
    toggle();
  };
  return { confirm, ConfirmDialog };
}
