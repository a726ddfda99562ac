import { useAdminClient } from "@keycloak/keycloak-admin-ui";
import { TabTitleText } from "@patternfly/react-core";
import { Children, cloneElement, isValidElement, useEffect, useState, type ReactElement, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useHref, useParams } from "react-router-dom";
import { ClientDeviceTypeTab } from "../policy/ClientDeviceTypeTab";
import { SessionPolicyTab } from "../policy/SessionPolicyTab";
import { UserSessionsTab } from "../sessions/UserSessionsTab";

type TabElement = ReactElement<{ eventKey?: string | number; children?: ReactNode }>;

const UserSessions = ({ userId }: { userId: string }) => {
  const { adminClient } = useAdminClient();
  const [username, setUsername] = useState<string>();
  useEffect(() => {
    adminClient.users
      .findOne({ id: userId })
      .then((u) => setUsername(u?.username))
      .catch(() => undefined);
  }, [adminClient, userId]);
  return <UserSessionsTab userId={userId} username={username} />;
};

/**
 * Runs inside Keycloak's RoutableTabs on every render (so it only uses hooks unconditionally).
 * - User details: the stock Sessions tab keeps its place and URL; its content becomes ours.
 * - Realm settings: a "Session policy" tab after "Sessions".
 * - Client details: a "Session control" tab with the client's device type.
 * Tabs are recognised by their route (eventKey), the same way RoutableTabs itself selects them.
 */
export function useSessionControlTabs(children: ReactNode): ReactNode {
  const { t } = useTranslation();
  const { realm, id, clientId } = useParams();
  const policyPath = `/${realm}/realm-settings/session-policy`;
  const clientPath = `/${realm}/clients/${clientId}/session-control`;
  const policyHref = useHref(policyPath);
  const clientHref = useHref(clientPath);

  const tabs = Children.toArray(children).filter(isValidElement) as TabElement[];
  const keyOf = (tab: TabElement) => String(tab.props.eventKey ?? "");
  const result: ReactNode[] = [];
  let changed = false;

  for (const tab of tabs) {
    const key = keyOf(tab);
    if (id && key === `/${realm}/users/${id}/sessions`) {
      result.push(cloneElement(tab, {}, <UserSessions userId={id} />));
      changed = true;
      continue;
    }
    result.push(tab);
    if (key === `/${realm}/realm-settings/sessions`) {
      result.push(
        cloneElement(
          tab,
          {
            key: "session-control-policy",
            eventKey: policyPath,
            href: policyHref,
            id: "session-policy",
            "data-testid": "rs-session-policy-tab",
            title: <TabTitleText>{t("sessionControlPolicyTab")}</TabTitleText>,
          } as object,
          <SessionPolicyTab />,
        ),
      );
      changed = true;
    }
    if (clientId && key === `/${realm}/clients/${clientId}/settings`) {
      result.push(
        cloneElement(
          tab,
          {
            key: "session-control-client",
            eventKey: clientPath,
            href: clientHref,
            id: "session-control",
            "data-testid": "session-control-tab",
            title: <TabTitleText>{t("sessionControlClientTab")}</TabTitleText>,
          } as object,
          <ClientDeviceTypeTab clientId={clientId} />,
        ),
      );
      changed = true;
    }
  }
  return changed ? result : children;
}
