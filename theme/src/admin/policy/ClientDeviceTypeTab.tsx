import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  PageSection,
  Spinner,
  TextInput,
} from "@patternfly/react-core";
import { useAccess, useAdminClient } from "@keycloak/keycloak-admin-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { KNOWN_DEVICE_TYPES } from "../../shared/session";

/** The client attribute the server reads first when it resolves a session's device type. */
export const DEVICE_TYPE_ATTRIBUTE = "session-control.device-type";

/**
 * Client details → Session control: the client's device type. It is client configuration, so it is
 * stored where Keycloak keeps client attributes (the stock client representation), not in a
 * session; the server's device-type resolver reads it (policy contract § Device type).
 */
export const ClientDeviceTypeTab = ({ clientId }: { clientId: string }) => {
  const { t } = useTranslation();
  const { adminClient } = useAdminClient();
  const { hasAccess } = useAccess();
  const readOnly = !hasAccess("manage-clients");
  const [saved, setSaved] = useState<string>();
  const [value, setValue] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  useEffect(() => {
    adminClient.clients.findOne({ id: clientId }).then((client) => {
      const current = client?.attributes?.[DEVICE_TYPE_ATTRIBUTE] ?? "";
      setSaved(current);
      setValue(current);
    });
  }, [adminClient, clientId]);

  if (saved === undefined) return <Spinner aria-label={t("sessionControlLoading")} />;

  const save = async () => {
    setMessage(undefined);
    try {
      const client = await adminClient.clients.findOne({ id: clientId });
      if (!client) throw new Error(t("sessionControlClientNotFound"));
      const attributes = { ...(client.attributes ?? {}) };
      if (value.trim()) attributes[DEVICE_TYPE_ATTRIBUTE] = value.trim();
      else delete attributes[DEVICE_TYPE_ATTRIBUTE];
      await adminClient.clients.update({ id: clientId }, { ...client, attributes });
      setSaved(value.trim());
      setMessage({ ok: true, text: t("sessionControlDeviceTypeSaved") });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };

  return (
    <PageSection variant="light" data-testid="sc-client-device-type">
      {message && (
        <Alert variant={message.ok ? "success" : "danger"} isInline title={message.text} />
      )}
      <Form
        isHorizontal
        className="pf-v5-u-mt-md"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <FormGroup label={t("sessionControlDeviceType")} fieldId="sc-device-type">
          <TextInput
            id="sc-device-type"
            data-testid="sc-device-type"
            list="sc-device-types"
            value={value}
            isDisabled={readOnly}
            placeholder={t("sessionControlDeviceTypeDefault")}
            onChange={(_e, v) => setValue(v)}
          />
          <datalist id="sc-device-types">
            {KNOWN_DEVICE_TYPES.filter((d) => d !== "OAuth").map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
          <FormHelperText>
            <HelperText>
              <HelperTextItem>{t("sessionControlDeviceTypeHelp")}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
        <ActionGroup>
          <Button variant="primary" type="submit" data-testid="sc-device-type-save" isDisabled={readOnly}>
            {t("save")}
          </Button>
          <Button variant="link" onClick={() => setValue(saved)}>
            {t("revert")}
          </Button>
        </ActionGroup>
      </Form>
    </PageSection>
  );
};
