import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  PageSection,
  Spinner,
  Switch,
  TextInput,
} from "@patternfly/react-core";
import { useAccess } from "@keycloak/keycloak-admin-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { HttpError, useSessionControlApi, type Policy } from "../api";

const MODES: Policy["mode"][] = [
  "Disabled",
  "LogoutFromSameTypeDevices",
  "LogoutFromAllDevices",
];
const ACTIONS: Policy["action"][] = ["TerminateOldest", "DenyNew"];

const help = (text: string) => (
  <FormHelperText>
    <HelperText>
      <HelperTextItem>{text}</HelperTextItem>
    </HelperText>
  </FormHelperText>
);

/** Realm settings → Session policy: GET/PUT /session-control/policy. */
export const SessionPolicyTab = () => {
  const { t } = useTranslation();
  const api = useSessionControlApi();
  const { hasAccess } = useAccess();
  const readOnly = !hasAccess("manage-realm");
  const [saved, setSaved] = useState<Policy>();
  const [form, setForm] = useState<Policy>();
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api
      .policy()
      .then((p) => {
        setSaved(p);
        setForm(p);
      })
      .catch((e: Error) =>
        setError(
          e instanceof HttpError && e.status === 404
            ? t("sessionControlPolicyUnavailable")
            : e.message,
        ),
      );
  }, [api, t]);

  if (error && !form) {
    return (
      <PageSection variant="light">
        <Alert variant="warning" isInline title={error} data-testid="sc-policy-error" />
      </PageSection>
    );
  }
  if (!form) return <Spinner aria-label={t("sessionControlLoading")} />;

  const set = <K extends keyof Policy>(key: K, value: Policy[K]) =>
    setForm({ ...form, [key]: value });

  const save = async () => {
    setSaving(true);
    setError(undefined);
    setMessage(undefined);
    try {
      const result = await api.savePolicy({
        ...form,
        exemptRole: form.exemptRole?.trim() ? form.exemptRole.trim() : null,
      });
      const next = result ?? form;
      setSaved(next);
      setForm(next);
      setMessage(t("sessionControlPolicySaved"));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <PageSection variant="light" data-testid="sc-policy-tab">
      {message && (
        <Alert variant="success" isInline title={message} data-testid="sc-policy-saved" />
      )}
      {error && <Alert variant="danger" isInline title={error} data-testid="sc-policy-error" />}
      <Form
        isHorizontal
        className="pf-v5-u-mt-md"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <FormGroup label={t("sessionControlPolicyMode")} fieldId="sc-policy-mode">
          <FormSelect
            id="sc-policy-mode"
            data-testid="sc-policy-mode"
            value={form.mode}
            isDisabled={readOnly}
            onChange={(_e, v) => set("mode", v as Policy["mode"])}
          >
            {MODES.map((m) => (
              <FormSelectOption key={m} value={m} label={t(`sessionControlMode${m}`)} />
            ))}
          </FormSelect>
          {help(t("sessionControlPolicyModeHelp"))}
        </FormGroup>
        <FormGroup label={t("sessionControlPolicyMax")} fieldId="sc-policy-max">
          <TextInput
            id="sc-policy-max"
            data-testid="sc-policy-max"
            type="number"
            min={1}
            value={form.maxSessionsPerDeviceType}
            isDisabled={readOnly}
            onChange={(_e, v) => set("maxSessionsPerDeviceType", Number(v))}
          />
          {help(t("sessionControlPolicyMaxHelp"))}
        </FormGroup>
        <FormGroup label={t("sessionControlPolicyAction")} fieldId="sc-policy-action">
          <FormSelect
            id="sc-policy-action"
            data-testid="sc-policy-action"
            value={form.action}
            isDisabled={readOnly}
            onChange={(_e, v) => set("action", v as Policy["action"])}
          >
            {ACTIONS.map((a) => (
              <FormSelectOption key={a} value={a} label={t(`sessionControlAction${a}`)} />
            ))}
          </FormSelect>
          {help(t("sessionControlPolicyActionHelp"))}
        </FormGroup>
        <FormGroup label={t("sessionControlPolicyExemptRole")} fieldId="sc-policy-exempt">
          <TextInput
            id="sc-policy-exempt"
            data-testid="sc-policy-exempt"
            value={form.exemptRole ?? ""}
            isDisabled={readOnly}
            onChange={(_e, v) => set("exemptRole", v)}
          />
          {help(t("sessionControlPolicyExemptRoleHelp"))}
        </FormGroup>
        <FormGroup label={t("sessionControlPolicyUserAgent")} fieldId="sc-policy-ua">
          <Switch
            id="sc-policy-ua"
            data-testid="sc-policy-ua"
            label={t("on")}
            labelOff={t("off")}
            isChecked={form.deviceTypeFromUserAgent}
            isDisabled={readOnly}
            onChange={(_e, v) => set("deviceTypeFromUserAgent", v)}
          />
          {help(t("sessionControlPolicyUserAgentHelp"))}
        </FormGroup>
        <FormGroup label={t("sessionControlPolicyThreshold")} fieldId="sc-policy-threshold">
          <TextInput
            id="sc-policy-threshold"
            data-testid="sc-policy-threshold"
            type="number"
            min={1}
            value={form.excessiveSessionThreshold}
            isDisabled={readOnly}
            onChange={(_e, v) => set("excessiveSessionThreshold", Number(v))}
          />
          {help(t("sessionControlPolicyThresholdHelp"))}
        </FormGroup>
        {/* No switch for newSignInEmail: it is stored, but nothing sends the e-mail yet (no dead controls). */}
        <ActionGroup>
          <Button
            variant="primary"
            type="submit"
            data-testid="sc-policy-save"
            isDisabled={readOnly || saving}
            isLoading={saving}
          >
            {t("save")}
          </Button>
          <Button
            variant="link"
            data-testid="sc-policy-revert"
            isDisabled={saving}
            onClick={() => setForm(saved)}
          >
            {t("revert")}
          </Button>
        </ActionGroup>
      </Form>
    </PageSection>
  );
};
