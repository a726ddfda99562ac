import { ViewHeader, useAccess, useRealm } from "@keycloak/keycloak-admin-ui";
import { Button, PageSection, ToolbarItem } from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSessionControlApi } from "../api";
import { EndedSessions, SessionsViewToggle, type SessionsView } from "./EndedSessions";
import { SessionsTable } from "./SessionsTable";
import { SharedUiProviders } from "./SharedUiProviders";
import { SignOutMatching } from "./SignOutMatching";

/** Realm → Sessions, replacing the stock page: the live sessions, or the ended ones. */
export default function SessionsPage() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const api = useSessionControlApi();
  const { hasAccess } = useAccess();
  const [view, setView] = useState<SessionsView>("active");

  return (
    <>
      <ViewHeader titleKey="sessionControlSessionsTitle" subKey="sessionControlSessionsHelp" divider={false} />
      <PageSection variant="light" className="pf-v5-u-p-0" data-testid="sc-sessions-page">
        <SharedUiProviders>
          <SessionsViewToggle view={view} onChange={setView} />
          {view === "ended" ? (
            <EndedSessions />
          ) : (
            <SessionsTable
              filterActions={({ filters, confirm }) => <SignOutMatching filters={filters} confirm={confirm} />}
              toolbarExtras={({ confirm, notifyError }) => (
                <ToolbarItem>
                  <Button
                    variant="danger"
                    data-testid="sc-signout-everyone"
                    isDisabled={!hasAccess("manage-users")}
                    onClick={async () => {
                      // The number stated before an irreversible action is counted now, not taken from the page.
                      let count: number;
                      try {
                        count = await api.countSessions();
                      } catch (error) {
                        notifyError(error);
                        return;
                      }
                      confirm({
                        title: t("sessionControlRevokeAllTitle"),
                        body: t("sessionControlRevokeAllBody", { count, realm }),
                        confirmLabel: t("sessionControlRevokeAllConfirm", { count }),
                        action: "revoke-all",
                        run: () => api.revokeAll(),
                      });
                    }}
                  >
                    {t("sessionControlRevokeAll")}
                  </Button>
                </ToolbarItem>
              )}
            />
          )}
        </SharedUiProviders>
      </PageSection>
    </>
  );
}
