import { useAccess } from "@keycloak/keycloak-admin-ui";
import { SwitchControl } from "@keycloak/keycloak-ui-shared";
import { Button, Form, ModalVariant } from "@patternfly/react-core";
import type { TFunction } from "i18next";
import { FormProvider, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useSessionControlApi, type IncidentOptions, type IncidentOutcome } from "../api";
import { endedMessage } from "./endedMessage";
import type { Confirmation } from "./useConfirmation";

const DEFAULTS: IncidentOptions = { requirePasswordUpdate: true, notifyUser: true };

/**
 * What the admin is told once it is done: the sessions ended, then each extra as the server did it. A notice that
 * was asked for but not sent (no verified address, no SMTP server) is said as such, not as "not asked".
 */
export function incidentMessage(t: TFunction, outcome: IncidentOutcome, asked: IncidentOptions): string {
  const notice = outcome.notified
    ? "sessionControlIncidentNotified"
    : asked.notifyUser
      ? "sessionControlIncidentNotNotifiable"
      : "sessionControlIncidentNotNotified";
  return [
    endedMessage(t, outcome),
    t(outcome.passwordUpdateRequired ? "sessionControlIncidentPasswordRequired" : "sessionControlIncidentPasswordKept"),
    t(notice),
  ].join(t("sessionControlIncidentSeparator"));
}

/**
 * "Respond to a compromised account" (User details → Sessions): every session of the user, regular and offline,
 * ended in one request, a new password required and the user told by e-mail; the two extras can be switched off
 * in the confirmation, which says what will happen.
 */
export const IncidentResponse = ({
  userId,
  username,
  confirm,
}: {
  userId: string;
  username: string;
  confirm: (confirmation: Confirmation) => void;
}) => {
  const { t } = useTranslation();
  const { hasAccess } = useAccess();
  const api = useSessionControlApi();
  // The dialog's switches; read when the admin confirms.
  const form = useForm<IncidentOptions>({ defaultValues: DEFAULTS });

  const open = () => {
    form.reset(DEFAULTS);
    confirm({
      title: t("sessionControlIncidentTitle", { user: username }),
      // Wide enough for the title with a long username, and for the switches' labels on one line each.
      variant: ModalVariant.medium,
      body: (
        <FormProvider {...form}>
          <p>{t("sessionControlIncidentBody", { user: username })}</p>
          <Form className="pf-v5-u-mt-md" onSubmit={(event) => event.preventDefault()}>
            <SwitchControl
              name="requirePasswordUpdate"
              label={t("sessionControlIncidentRequirePassword")}
              labelIcon={t("sessionControlIncidentRequirePasswordHelp")}
              labelOn={t("on")}
              labelOff={t("off")}
            />
            <SwitchControl
              name="notifyUser"
              label={t("sessionControlIncidentNotify")}
              labelIcon={t("sessionControlIncidentNotifyHelp")}
              labelOn={t("on")}
              labelOff={t("off")}
            />
          </Form>
          <p className="pf-v5-u-mt-md">{t("sessionControlIncidentIrreversible")}</p>
        </FormProvider>
      ),
      confirmLabel: t("sessionControlIncidentConfirm"),
      action: "incident-response",
      run: () => api.incidentResponse(userId, form.getValues()),
      describe: (outcome) => incidentMessage(t, outcome as IncidentOutcome, form.getValues()),
    });
  };

  return (
    <Button variant="danger" data-testid="sc-incident-response" isDisabled={!hasAccess("manage-users")} onClick={open}>
      {t("sessionControlIncident")}
    </Button>
  );
};
