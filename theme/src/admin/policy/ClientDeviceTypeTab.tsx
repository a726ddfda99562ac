import { useAccess, useAdminClient } from "@keycloak/keycloak-admin-ui";
import { SwitchControl, TextControl } from "@keycloak/keycloak-ui-shared";
import { Spinner } from "@patternfly/react-core";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { KNOWN_DEVICE_TYPES } from "../../shared/session";
import { SharedUiProviders } from "../sessions/SharedUiProviders";
import { SettingsForm, useSavedSettings } from "./SettingsForm";

/** The client attribute the server reads first when it resolves a session's device type. */
export const DEVICE_TYPE_ATTRIBUTE = "session-control.device-type";

/** The client attribute that lets the client (and tokens issued to it) use the Casdoor-compatible API. */
export const CASDOOR_API_ATTRIBUTE = "session-control.casdoor-api";

type ClientSettingsForm = { deviceType: string; casdoorApi: boolean };

/**
 * Client details → Session control: the client's device type and whether it may use the
 * Casdoor-compatible API. Both are client configuration, so they are stored where Keycloak keeps
 * client attributes (the stock client representation); the server reads them from there.
 */
export const ClientDeviceTypeTab = ({ clientId }: { clientId: string }) => (
  <SharedUiProviders>
    <ClientSettings clientId={clientId} />
  </SharedUiProviders>
);

const fromAttributes = (attributes?: Record<string, unknown>): ClientSettingsForm => ({
  deviceType: String(attributes?.[DEVICE_TYPE_ATTRIBUTE] ?? ""),
  casdoorApi: String(attributes?.[CASDOOR_API_ATTRIBUTE] ?? "") === "true",
});

const ClientSettings = ({ clientId }: { clientId: string }) => {
  const { t } = useTranslation();
  const { adminClient } = useAdminClient();
  const { hasAccess } = useAccess();
  const readOnly = !hasAccess("manage-clients");
  const form = useForm<ClientSettingsForm>();
  const settings = useSavedSettings(form);
  const { saved, loaded } = settings;

  useEffect(() => {
    adminClient.clients.findOne({ id: clientId }).then((client) => loaded(fromAttributes(client?.attributes)));
  }, [adminClient, clientId, loaded]);

  if (saved === undefined) return <Spinner aria-label={t("sessionControlLoading")} />;

  const save = async ({ deviceType, casdoorApi }: ClientSettingsForm) => {
    // Read again just before writing: the representation is written whole.
    const client = await adminClient.clients.findOne({ id: clientId });
    if (!client) throw new Error(t("sessionControlClientNotFound"));
    const value = deviceType.trim();
    const attributes = { ...(client.attributes ?? {}) };
    if (value) attributes[DEVICE_TYPE_ATTRIBUTE] = value;
    else delete attributes[DEVICE_TYPE_ATTRIBUTE];
    if (casdoorApi) attributes[CASDOOR_API_ATTRIBUTE] = "true";
    else delete attributes[CASDOOR_API_ATTRIBUTE];
    await adminClient.clients.update({ id: clientId }, { ...client, attributes });
    return { deviceType: value, casdoorApi };
  };

  return (
    <SettingsForm
      form={form}
      settings={settings}
      save={save}
      savedMessage={t("sessionControlClientSaved")}
      saveErrorKey="sessionControlClientSaveError"
      readOnly={readOnly}
      testIds={{ page: "sc-client-device-type", save: "sc-device-type-save" }}
    >
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
      <SwitchControl
        name="casdoorApi"
        label={t("sessionControlCasdoorApi")}
        labelIcon={t("sessionControlCasdoorApiHelp")}
        labelOn={t("on")}
        labelOff={t("off")}
        isDisabled={readOnly}
      />
    </SettingsForm>
  );
};
