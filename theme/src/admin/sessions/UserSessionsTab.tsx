import { useAccess } from "@keycloak/keycloak-admin-ui";
import { Button, PageSection, ToolbarItem } from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSessionControlApi } from "../api";
import { EndedSessions, SessionsViewToggle, type SessionsView } from "./EndedSessions";
import { SessionsTable } from "./SessionsTable";
import { IncidentResponse } from "./IncidentResponse";
import { SharedUiProviders } from "./SharedUiProviders";

/** User details → Sessions: the same table, for one user, and the user's ended sessions. */
export const UserSessionsTab = ({ userId, username }: { userId: string; username?: string }) => {
  const { t } = useTranslation();
  const api = useSessionControlApi();
  const { hasAccess } = useAccess();
  const [view, setView] = useState<SessionsView>("active");
  return (
    <PageSection variant="light" className="pf-v5-u-p-0" data-testid="sc-user-sessions">
      <SharedUiProviders>
        <SessionsViewToggle view={view} onChange={setView} />
        {view === "ended" ? (
          <EndedSessions userId={userId} />
        ) : (
          <SessionsTable
            userId={userId}
            headerActions={({ confirm }) => (
              <IncidentResponse userId={userId} username={username ?? ""} confirm={confirm} />
            )}
            toolbarExtras={({ total, confirm }) => (
              <ToolbarItem>
                <Button
                  variant="secondary"
                  isDanger
                  data-testid="sc-signout-user"
                  isDisabled={!hasAccess("manage-users") || total === 0}
                  onClick={() =>
                    confirm({
                      title: t("sessionControlEndUserTitle", { user: username ?? "" }),
                      body: t("sessionControlEndUserBody", { user: username ?? "" }),
                      confirmLabel: t("sessionControlEndUserConfirm"),
                      action: "end-user",
                      run: () => api.endUserSessions(userId),
                    })
                  }
                >
                  {t("sessionControlEndUserAction")}
                </Button>
              </ToolbarItem>
            )}
          />
        )}
      </SharedUiProviders>
    </PageSection>
  );
};
