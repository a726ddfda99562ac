import { useAlerts } from "@keycloak/keycloak-ui-shared";
import { ActionGroup, AlertVariant, Button, Form, PageSection } from "@patternfly/react-core";
import { useCallback, useState, type PropsWithChildren } from "react";
import { FormProvider, type FieldValues, type UseFormReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";

/** The settings as last loaded or saved (what Revert goes back to); `loaded` also fills the form with them. */
export function useSavedSettings<T extends FieldValues>(form: UseFormReturn<T>) {
  const [saved, setSaved] = useState<T>();
  const { reset } = form;
  const loaded = useCallback(
    (values: T) => {
      setSaved(values);
      reset(values);
    },
    [reset],
  );
  return { saved, loaded };
}

type SettingsFormProps<T extends FieldValues> = PropsWithChildren<{
  form: UseFormReturn<T>;
  settings: { saved?: T; loaded: (values: T) => void };
  /** Writes the values; answers what is now stored. */
  save: (values: T) => Promise<T>;
  savedMessage: string;
  saveErrorKey: string;
  readOnly: boolean;
  testIds: { page: string; save: string; revert?: string };
}>;

/** A settings page as Keycloak's own: the fields, Save with an alert of its outcome, Revert to what is stored. */
export const SettingsForm = <T extends FieldValues>({
  form,
  settings,
  save,
  savedMessage,
  saveErrorKey,
  readOnly,
  testIds,
  children,
}: SettingsFormProps<T>) => {
  const { t } = useTranslation();
  const { addAlert, addError } = useAlerts();
  const submitting = form.formState.isSubmitting;
  const submit = async (values: T) => {
    try {
      settings.loaded(await save(values));
      addAlert(savedMessage, AlertVariant.success);
    } catch (error) {
      addError(saveErrorKey, error);
    }
  };
  return (
    <PageSection variant="light" data-testid={testIds.page}>
      <FormProvider {...form}>
        <Form isHorizontal className="pf-v5-u-mt-md" onSubmit={form.handleSubmit(submit)}>
          {children}
          <ActionGroup>
            <Button
              variant="primary"
              type="submit"
              data-testid={testIds.save}
              isDisabled={readOnly || submitting}
              isLoading={submitting}
            >
              {t("save")}
            </Button>
            <Button
              variant="link"
              data-testid={testIds.revert}
              isDisabled={submitting}
              onClick={() => form.reset(settings.saved)}
            >
              {t("revert")}
            </Button>
          </ActionGroup>
        </Form>
      </FormProvider>
    </PageSection>
  );
};
