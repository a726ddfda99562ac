import { useAccess } from "@keycloak/keycloak-admin-ui";
import { NumberControl, SelectControl, SwitchControl, TextControl, useAlerts } from "@keycloak/keycloak-ui-shared";
import { ActionGroup, Alert, AlertVariant, Button, Form, PageSection, Spinner } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { FormProvider, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { SharedUiProviders } from "../sessions/SharedUiProviders";
import { HttpError, useSessionControlApi, type Policy } from "../api";

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
  const { addAlert, addError } = useAlerts();
  const readOnly = !hasAccess("manage-realm");
  const form = useForm<Policy>({ mode: "onChange" });
  const { reset } = form;
  const [saved, setSaved] = useState<Policy>();
  const [unavailable, setUnavailable] = useState<string>();

  useEffect(() => {
    api
      .policy()
      .then((policy) => {
        setSaved(policy);
        reset(policy);
      })
      .catch((e: Error) =>
        setUnavailable(e instanceof HttpError && e.status === 404 ? t("sessionControlPolicyUnavailable") : e.message),
      );
  }, [api, t, reset]);

  if (unavailable) {
    return (
      <PageSection variant="light">
        <Alert variant="warning" isInline title={unavailable} data-testid="sc-policy-error" />
      </PageSection>
    );
  }
  if (!saved) return <Spinner aria-label={t("sessionControlLoading")} />;

  const save = async (policy: Policy) => {
    try {
      const result = await api.savePolicy({
        ...policy,
        maxSessionsPerDeviceType: Number(policy.maxSessionsPerDeviceType),
        excessiveSessionThreshold: Number(policy.excessiveSessionThreshold),
        exemptRole: policy.exemptRole?.trim() ? policy.exemptRole.trim() : null,
      });
      const next = result ?? policy;
      setSaved(next);
      form.reset(next);
      addAlert(t("sessionControlPolicySaved"), AlertVariant.success);
    } catch (error) {
      addError("sessionControlPolicySaveError", error);
    }
  };

  return (
    <PageSection variant="light" data-testid="sc-policy-tab">
      <FormProvider {...form}>
        <Form isHorizontal className="pf-v5-u-mt-md" onSubmit={form.handleSubmit(save)}>
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
          <ActionGroup>
            <Button
              variant="primary"
              type="submit"
              data-testid="sc-policy-save"
              isDisabled={readOnly || form.formState.isSubmitting}
              isLoading={form.formState.isSubmitting}
            >
              {t("save")}
            </Button>
            <Button
              variant="link"
              data-testid="sc-policy-revert"
              isDisabled={form.formState.isSubmitting}
              onClick={() => form.reset(saved)}
            >
              {t("revert")}
            </Button>
          </ActionGroup>
        </Form>
      </FormProvider>
    </PageSection>
  );
};
