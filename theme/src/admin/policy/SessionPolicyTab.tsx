import { useAccess } from "@keycloak/keycloak-admin-ui";
import { NumberControl, SelectControl, SwitchControl, TextControl } from "@keycloak/keycloak-ui-shared";
import { Alert, PageSection, Spinner } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { SharedUiProviders } from "../sessions/SharedUiProviders";
import { HttpError, useSessionControlApi, type Policy } from "../api";
import { SettingsForm, useSavedSettings } from "./SettingsForm";

const MODES: Policy["mode"][] = ["Disabled", "LogoutFromSameTypeDevices", "LogoutFromAllDevices"];
const ACTIONS: Policy["action"][] = ["TerminateOldest", "DenyNew"];

/** Realm settings → Session policy: GET/PUT /session-control/policy. */
export const SessionPolicyTab = () => (
  <SharedUiProviders>
    <SessionPolicyForm />
  </SharedUiProviders>
);

const SessionPolicyForm = () => {
  const { t } = useTranslation();
  const api = useSessionControlApi();
  const { hasAccess } = useAccess();
  const readOnly = !hasAccess("manage-realm");
  const form = useForm<Policy>({ mode: "onChange" });
  const settings = useSavedSettings(form);
  const { saved, loaded } = settings;
  const [unavailable, setUnavailable] = useState<string>();

  useEffect(() => {
    api
      .policy()
      .then(loaded)
      .catch((e: Error) =>
        setUnavailable(e instanceof HttpError && e.status === 404 ? t("sessionControlPolicyUnavailable") : e.message),
      );
  }, [api, t, loaded]);

  if (unavailable) {
    return (
      <PageSection variant="light">
        <Alert variant="warning" isInline title={unavailable} data-testid="sc-policy-error" />
      </PageSection>
    );
  }
  if (!saved) return <Spinner aria-label={t("sessionControlLoading")} />;

  const save = async (policy: Policy) =>
    (await api.savePolicy({
      ...policy,
      maxSessionsPerDeviceType: Number(policy.maxSessionsPerDeviceType),
      excessiveSessionThreshold: Number(policy.excessiveSessionThreshold),
      impossibleTravelKmh: Number(policy.impossibleTravelKmh),
      exemptRole: policy.exemptRole?.trim() ? policy.exemptRole.trim() : null,
    })) ?? policy;

  return (
    <SettingsForm
      form={form}
      settings={settings}
      save={save}
      savedMessage={t("sessionControlPolicySaved")}
      saveErrorKey="sessionControlPolicySaveError"
      readOnly={readOnly}
      testIds={{ page: "sc-policy-tab", save: "sc-policy-save", revert: "sc-policy-revert" }}
    >
      <SelectControl
        name="mode"
        label={t("sessionControlPolicyMode")}
        labelIcon={t("sessionControlPolicyModeHelp")}
        controller={{ defaultValue: saved.mode }}
        options={MODES.map((mode) => ({ key: mode, value: t(`sessionControlMode${mode}`) }))}
        isDisabled={readOnly}
      />
      <NumberControl
        name="maxSessionsPerDeviceType"
        label={t("sessionControlPolicyMax")}
        labelIcon={t("sessionControlPolicyMaxHelp")}
        controller={{ defaultValue: saved.maxSessionsPerDeviceType, rules: { min: 1 } }}
        isDisabled={readOnly}
      />
      <SelectControl
        name="action"
        label={t("sessionControlPolicyAction")}
        labelIcon={t("sessionControlPolicyActionHelp")}
        controller={{ defaultValue: saved.action }}
        options={ACTIONS.map((action) => ({ key: action, value: t(`sessionControlAction${action}`) }))}
        isDisabled={readOnly}
      />
      <TextControl
        name="exemptRole"
        label={t("sessionControlPolicyExemptRole")}
        labelIcon={t("sessionControlPolicyExemptRoleHelp")}
        isDisabled={readOnly}
      />
      <SwitchControl
        name="deviceTypeFromUserAgent"
        label={t("sessionControlPolicyUserAgent")}
        labelIcon={t("sessionControlPolicyUserAgentHelp")}
        labelOn={t("on")}
        labelOff={t("off")}
        isDisabled={readOnly}
      />
      <NumberControl
        name="excessiveSessionThreshold"
        label={t("sessionControlPolicyThreshold")}
        labelIcon={t("sessionControlPolicyThresholdHelp")}
        controller={{ defaultValue: saved.excessiveSessionThreshold, rules: { min: 1 } }}
        isDisabled={readOnly}
      />
      <SwitchControl
        name="newSignInEmail"
        label={t("sessionControlPolicyNewSignInEmail")}
        labelIcon={t("sessionControlPolicyNewSignInEmailHelp")}
        labelOn={t("on")}
        labelOff={t("off")}
        isDisabled={readOnly}
      />
      <NumberControl
        name="impossibleTravelKmh"
        label={t("sessionControlPolicyTravelKmh")}
        labelIcon={t("sessionControlPolicyTravelKmhHelp")}
        controller={{ defaultValue: saved.impossibleTravelKmh, rules: { min: 0, max: 100000 } }}
        isDisabled={readOnly}
      />
    </SettingsForm>
  );
};
