import { useAccess, useAdminClient } from "@keycloak/keycloak-admin-ui";
import { TextControl, useAlerts } from "@keycloak/keycloak-ui-shared";
import { ActionGroup, AlertVariant, Button, Form, PageSection, Spinner } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { FormProvider, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { KNOWN_DEVICE_TYPES } from "../../shared/session";
import { SharedUiProviders } from "../sessions/SharedUiProviders";

/** The client attribute the server reads first when it resolves a session's device type. */
export const DEVICE_TYPE_ATTRIBUTE = "session-control.device-type";

type DeviceTypeForm = { deviceType: string };

/**
 * Client details → Session control: the client's device type. It is client configuration, so it is
 * stored where Keycloak keeps client attributes (the stock client representation), not in a
 * session; the server's device-type resolver reads it (policy contract § Device type).
 */
export const ClientDeviceTypeTab = ({ clientId }: { clientId: string }) => (
  <SharedUiProviders>
    <ClientDeviceTypeForm clientId={clientId} />
  </SharedUiProviders>
);

const ClientDeviceTypeForm = ({ clientId }: { clientId: string }) => {
  const { t } = useTranslation();
  const { adminClient } = useAdminClient();
  const { hasAccess } = useAccess();
  const { addAlert, addError } = useAlerts();
  const readOnly = !hasAccess("manage-clients");
  const form = useForm<DeviceTypeForm>();
  const [saved, setSaved] = useState<string>();

  useEffect(() => {
    adminClient.clients.findOne({ id: clientId }).then((client) => {
      const current = client?.attributes?.[DEVICE_TYPE_ATTRIBUTE] ?? "";
      setSaved(current);
      form.reset({ deviceType: current });
    });
  }, [adminClient, clientId]);

  if (saved === undefined) return <Spinner aria-label={t("sessionControlLoading")} />;

  const save = async ({ deviceType }: DeviceTypeForm) => {
    try {
      const client = await adminClient.clients.findOne({ id: clientId });
      if (!client) throw new Error(t("sessionControlClientNotFound"));
      const value = deviceType.trim();
      const attributes = { ...(client.attributes ?? {}) };
      if (value) attributes[DEVICE_TYPE_ATTRIBUTE] = value;
      else delete attributes[DEVICE_TYPE_ATTRIBUTE];
      await adminClient.clients.update({ id: clientId }, { ...client, attributes });
      setSaved(value);
      form.reset({ deviceType: value });
      addAlert(t("sessionControlDeviceTypeSaved"), AlertVariant.success);
    } catch (error) {
      addError("sessionControlDeviceTypeSaveError", error);
    }
  };

  return (
    <PageSection variant="light" data-testid="sc-client-device-type">
      <FormProvider {...form}>
        <Form isHorizontal className="pf-v5-u-mt-md" onSubmit={form.handleSubmit(save)}>
          <TextControl
            name="deviceType"
            data-testid="sc-device-type"
            label={t("sessionControlDeviceType")}
            labelIcon={t("sessionControlDeviceTypeHelp")}
            placeholder={t("sessionControlDeviceTypeDefault")}
            list="sc-device-types"
            isDisabled={readOnly}
          />
          <datalist id="sc-device-types">
            {KNOWN_DEVICE_TYPES.filter((d) => d !== "OAuth").map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
          <ActionGroup>
            <Button variant="primary" type="submit" data-testid="sc-device-type-save" isDisabled={readOnly}>
              {t("save")}
            </Button>
            <Button variant="link" onClick={() => form.reset({ deviceType: saved })}>
              {t("revert")}
            </Button>
          </ActionGroup>
        </Form>
      </FormProvider>
    </PageSection>
  );
};
