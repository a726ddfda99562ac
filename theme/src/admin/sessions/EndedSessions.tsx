import { useAdminClient } from "@keycloak/keycloak-admin-ui";
import { KeycloakDataTable, ListEmptyState, useAlerts, type Field } from "@keycloak/keycloak-ui-shared";
import {
  Button,
  FormSelect,
  FormSelectOption,
  Label,
  LabelGroup,
  SearchInput,
  ToggleGroup,
  ToggleGroupItem,
  ToolbarItem,
} from "@patternfly/react-core";
import { wrappable } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PlaceText } from "../../shared/Place";
import {
  END_REASONS,
  clientLabel,
  endedDeviceText,
  formatTime,
  reasonKey,
  type EndedSession,
} from "../../shared/session";
import { useSessionControlApi } from "../api";

export type SessionsView = "active" | "ended";

/** "Active" / "Ended": the live sessions, or the history of ended ones. */
export const SessionsViewToggle = ({ view, onChange }: { view: SessionsView; onChange: (v: SessionsView) => void }) => {
  const { t } = useTranslation();
  return (
    <ToggleGroup aria-label={t("sessionControlViewToggle")} className="pf-v5-u-px-md pf-v5-u-pt-md">
      {(["active", "ended"] as const).map((value) => (
        <ToggleGroupItem
          key={value}
          text={t(value === "active" ? "sessionControlViewActive" : "sessionControlViewEnded")}
          buttonId={`sc-view-${value}`}
          data-testid={`sc-view-${value}`}
          isSelected={view === value}
          onChange={() => onChange(value)}
        />
      ))}
    </ToggleGroup>
  );
};

/** The user filter of the realm's history: typed as a username, sent as the user's id. */
type UserFilter = { username: string; userId?: string; missing?: boolean };

/**
 * Ended sessions, newest first, one page at a time from `GET /history` (the realm's stored LOGOUT events): when,
 * why, where, which device, which applications. With a `userId`, that user's only (User details → Sessions).
 */
export const EndedSessions = ({ userId }: { userId?: string }) => {
  // Places are named in the console's language, which it settles on after its first render.
  const { t, i18n } = useTranslation();
  const api = useSessionControlApi();
  const { adminClient } = useAdminClient();
  const { addError } = useAlerts();
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const [user, setUser] = useState<UserFilter>({ username: "" });
  const [query, setQuery] = useState(0);
  const [state, setState] = useState<"loading" | "ready">("loading");
  const [eventsStored, setEventsStored] = useState(true);

  const newQuery = () => {
    setState("loading");
    setQuery((q) => q + 1);
  };

  const applyUser = async (username: string) => {
    setTyped(username);
    const name = username.trim();
    if (!name) {
      setUser({ username: "" });
      newQuery();
      return;
    }
    try {
      const [found] = await adminClient.users.find({ username: name, exact: true, max: 1 });
      setUser(found?.id ? { username: name, userId: found.id } : { username: name, missing: true });
    } catch (error) {
      addError("sessionControlLoadError", error);
      return;
    }
    newQuery();
  };

  const loader = async (first?: number, max?: number) => {
    setState("loading");
    if (user.missing) {
      setState("ready");
      return [];
    }
    const page = await api
      .history({ userId: userId ?? user.userId, reason: reason || undefined, first: first ?? 0, max: max ?? 10 })
      .catch((error) => {
        addError("sessionControlLoadError", error);
        return { eventsStored: true, items: [] as EndedSession[] };
      });
    setEventsStored(page.eventsStored);
    setState("ready");
    return page.items;
  };

  const columns: Field<EndedSession>[] = [
    { name: "ended", displayKey: "sessionControlColEnded", cellRenderer: EndedCell },
    ...(userId ? [] : [{ name: "username", displayKey: "sessionControlColUser", cellRenderer: EndedUserCell }]),
    { name: "reason", displayKey: "sessionControlColReason", cellRenderer: ReasonCell },
    { name: "ipAddress", displayKey: "sessionControlColWhere", cellRenderer: WhereCell },
    { name: "device", displayKey: "sessionControlColBrowserOs", cellRenderer: EndedDeviceCell },
    { name: "clients", displayKey: "sessionControlColClients", cellRenderer: ClientsCell },
  ].map((column) => ({ ...column, transforms: [wrappable] }));

  const filtered = !!reason || !!user.username;

  return (
    <div data-testid="sc-ended" data-state={state} data-events-stored={eventsStored}>
      <KeycloakDataTable
        key={query}
        data-testid="sc-ended-table"
        ariaLabelKey="sessionControlEndedTitle"
        isPaginated
        isSearching={filtered && eventsStored}
        loader={{ signal: `${query}/${i18n.language}`, loader }}
        columns={columns}
        toolbarItem={
          <>
            {!userId && (
              <ToolbarItem>
                <SearchInput
                  data-testid="sc-ended-filter-user"
                  aria-label={t("sessionControlEndedFilterUser")}
                  placeholder={t("sessionControlEndedFilterUser")}
                  value={typed}
                  onChange={(_e, value) => setTyped(value)}
                  onSearch={() => applyUser(typed)}
                  onClear={() => applyUser("")}
                />
              </ToolbarItem>
            )}
            <ToolbarItem>
              <FormSelect
                data-testid="sc-ended-filter-reason"
                aria-label={t("sessionControlEndedFilterReason")}
                value={reason}
                onChange={(_e, value) => {
                  setReason(value);
                  newQuery();
                }}
              >
                <FormSelectOption value="" label={t("sessionControlEndedAllReasons")} />
                {END_REASONS.map((value) => (
                  <FormSelectOption key={value} value={value} label={t(reasonKey(value)!)} />
                ))}
              </FormSelect>
            </ToolbarItem>
            {!userId && (
              <ToolbarItem>
                <Button variant="secondary" data-testid="sc-ended-apply" onClick={() => applyUser(typed)}>
                  {t("sessionControlApplyFilters")}
                </Button>
              </ToolbarItem>
            )}
          </>
        }
        emptyState={
          eventsStored ? (
            <div data-testid="sc-no-ended">
              <ListEmptyState
                message={t("sessionControlEndedNone")}
                instructions={
                  user.missing
                    ? t("sessionControlEndedNoUser", { user: user.username })
                    : t("sessionControlEndedNoneHint")
                }
              />
            </div>
          ) : (
            <div data-testid="sc-history-off">
              <ListEmptyState
                message={t("sessionControlHistoryOff")}
                instructions={t("sessionControlHistoryOffHint")}
              />
            </div>
          )
        }
      />
    </div>
  );
};

/** The console's table cells do not wrap; these texts may, so that the table fits 1280 px. */
const WRAP = { whiteSpace: "normal" } as const;

const EndedCell = (item: EndedSession) => {
  const { i18n } = useTranslation();
  // The row's identity for tests and scripts, as the live table's session tag.
  return (
    <span
      data-testid="sc-ended-session"
      data-session-id={item.sessionId}
      data-reason={item.reason ?? ""}
      data-username={item.username ?? ""}
    >
      {formatTime(item.ended, i18n.language)}
    </span>
  );
};

const EndedUserCell = (item: EndedSession) => <>{item.username || item.userId}</>;

const ReasonCell = (item: EndedSession) => {
  const { t } = useTranslation();
  const key = reasonKey(item.reason);
  return (
    <div data-testid="sc-ended-reason" style={WRAP}>
      {key ? t(key) : item.reason}
    </div>
  );
};

const WhereCell = (item: EndedSession) => (
  <div style={WRAP}>
    {item.ipAddress || "—"}
    {item.location && (
      <div className="pf-v5-u-color-200">
        <PlaceText location={item.location} />
      </div>
    )}
  </div>
);

const EndedDeviceCell = (item: EndedSession) => {
  const { t } = useTranslation();
  const text = endedDeviceText(item);
  return (
    <div data-testid="sc-ended-device" style={WRAP}>
      {[item.deviceType, text].filter(Boolean).join(" · ") || t("sessionControlUnknownDevice")}
      {item.type === "OFFLINE" && (
        <Label isCompact color="purple" className="pf-v5-u-ml-xs">
          {t("sessionControlTypeOffline")}
        </Label>
      )}
    </div>
  );
};

const ClientsCell = (item: EndedSession) => (
  <LabelGroup numLabels={3}>
    {(item.clients ?? []).map((c) => (
      <Label key={c.clientId} isCompact title={c.clientId}>
        {clientLabel(c)}
      </Label>
    ))}
  </LabelGroup>
);
