import { ViewHeader, useAccess, useRealm } from "@keycloak/keycloak-admin-ui";
import { Button, PageSection, ToolbarItem } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { useSessionControlApi } from "../api";
import { SessionsTable } from "./SessionsTable";

/** Realm → Sessions, replacing the stock page. */
export default function SessionsPage() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const api = useSessionControlApi();
  const { hasAccess } = useAccess();

  return (
    <>
      <ViewHeader
        titleKey="sessionControlSessionsTitle"
        subKey="sessionControlSessionsHelp"
        divider={false}
      />
      <PageSection variant="light" className="pf-v5-u-p-0" data-testid="sc-sessions-page">
        <SessionsTable
          toolbarExtras={({ stats, total, confirm }) => (
            <ToolbarItem>
              <Button
                variant="danger"
                data-testid="sc-signout-everyone"
                isDisabled={!hasAccess("manage-users")}
                onClick={() => {
                  const count = stats?.total ?? total;
                  confirm({
                    title: t("sessionControlRevokeAllTitle"),
                    body: t("sessionControlRevokeAllBody", { count, realm }),
                    confirmLabel: t("sessionControlRevokeAllConfirm", { count }),
                    testId: "sc-confirm-revoke-all",
                    run: async () => {
                      const result = await api.revokeAll();
                      return t(
                        result.skippedCurrent
                          ? "sessionControlEndedSkippedCurrent"
                          : "sessionControlEnded",
                        { count: result.ended },
                      );
                    },
                  });
                }}
              >
                {t("sessionControlRevokeAll")}
              </Button>
            </ToolbarItem>
          )}
        />
      </PageSection>
    </>
  );
}
