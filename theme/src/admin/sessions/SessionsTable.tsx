import { useAccess } from "@keycloak/keycloak-admin-ui";
import {
  KeycloakDataTable,
  ListEmptyState,
  useAlerts,
  type Action,
  type DetailField,
  type Field,
} from "@keycloak/keycloak-ui-shared";
import { Flex, Label } from "@patternfly/react-core";
import { wrappable } from "@patternfly/react-table";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { KNOWN_DEVICE_TYPES, type SessionPage, type SessionView } from "../../shared/session";
import { useSessionControlApi, type Stats } from "../api";
import {
  DetailsCell,
  DeviceCell,
  DeviceTypeCell,
  IpCell,
  LastAccessCell,
  PlaceCell,
  SessionCell,
  SessionsTableContext,
  UserCell,
} from "./cells";
import { CountrySummary } from "./CountrySummary";
import { pageRequest, tableRows, type ShownPage } from "./cursorPaging";
import { EMPTY_FILTERS, FilterToolbar, SortSelect, useFilterDraft, type Filters } from "./SessionsToolbar";
import { useConfirmation, type Confirmation } from "./useConfirmation";
import { EndingProgress, useEndingJob } from "./useEndingJob";

export type SessionsTableProps = {
  /** Only this user's sessions (User details → Sessions); hides the user filter and column. */
  userId?: string;
  /** Extra toolbar controls (e.g. "Sign out everyone"), given the loaded total and a way to confirm. */
  toolbarExtras?: (context: ToolbarContext) => ReactNode;
  /** Controls on the line of the total, above the toolbar (e.g. "Respond to a compromised account"). */
  headerActions?: (context: ToolbarContext) => ReactNode;
  /** Controls at the end of the filter row, for what acts on the filters in force (e.g. "Sign out matching"). */
  filterActions?: (context: ToolbarContext) => ReactNode;
};

export type ToolbarContext = {
  total: number;
  /** The filters in force: those the table shows. */
  filters: Filters;
  confirm: (c: Confirmation) => void;
  notifyError: (error: unknown) => void;
};

/**
 * The Sessions table shared by the realm Sessions page and the user's Sessions tab, on Keycloak's own
 * KeycloakDataTable: one page at a time from the native API (filters, sorting and paging happen in the server, a
 * step to the next or previous page by the listing's cursors),
 * the columns that matter first and the rest in the row's expandable details.
 */
export const SessionsTable = ({ userId, toolbarExtras, filterActions, headerActions }: SessionsTableProps) => {
  // The console settles on the admin's language after its first render: places are named anew when it changes.
  const { t, i18n } = useTranslation();
  const api = useSessionControlApi();
  const { hasAccess } = useAccess();
  const { addError } = useAlerts();
  const canManage = hasAccess("manage-users");

  const edit = useFilterDraft(!!userId);
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const [sort, setSort] = useState("-started");
  // A new query (filters, sort) starts again on the first page; a reload keeps the page.
  const [query, setQuery] = useState(0);
  const [generation, setGeneration] = useState(0);
  // "loading" from any change until the loader has its answer; the browser tests wait on it.
  const [state, setState] = useState<"loading" | "ready">("loading");
  const [total, setTotal] = useState(0);
  const [stats, setStats] = useState<Stats>();

  const reload = useCallback(() => {
    setState("loading");
    setGeneration((g) => g + 1);
  }, []);
  const newQuery = () => {
    setState("loading");
    setQuery((q) => q + 1);
  };
  const apply = (next: Filters) => {
    setFilters(next);
    newQuery();
  };

  // The realm's counts, once per filter change or reload (an ending changes them), not with every page.
  useEffect(() => {
    let current = true;
    api.stats().then(
      (answer) => current && setStats(answer),
      () => current && setStats(undefined),
    );
    return () => {
      current = false;
    };
  }, [api, filters, generation]);

  // The page shown and its cursors: a step forward or back reads the page next to it by cursor (cursorPaging.ts).
  const shown = useRef<ShownPage>(undefined);
  const loader = async (first?: number, max?: number) => {
    setState("loading");
    // KeycloakDataTable asks for one row more than it shows, to know whether there is a next page.
    const size = Math.max((max ?? 11) - 1, 1);
    const from = first ?? 0;
    const scope = JSON.stringify({ userId, filters, sort });
    const request = pageRequest(shown.current, scope, from, size);
    const page = await api
      .sessions({
        search: userId ? undefined : filters.search,
        userId,
        clientId: filters.clientId,
        deviceType: filters.deviceType,
        ip: filters.ip,
        country: filters.country,
        type: filters.type,
        ...request,
        sort,
      })
      .catch((error): SessionPage => {
        addError("sessionControlLoadError", error);
        return { total: 0, items: [] };
      });
    shown.current = { scope, first: from, size, request, next: page.next, previous: page.previous };
    setTotal(page.total);
    setState("ready");
    return tableRows(page.items, page.next);
  };

  const ending = useEndingJob(api, reload);
  const { confirm, ConfirmDialog } = useConfirmation(ending.follow, reload, ending.show);

  const deviceTypes = useMemo(() => {
    const seen = new Set(KNOWN_DEVICE_TYPES);
    Object.keys(stats?.byDeviceType ?? {})
      .filter(Boolean)
      .forEach((type) => seen.add(type));
    return [...seen];
  }, [stats]);

  const askEndSession = (session: SessionView) =>
    confirm({
      title: t("sessionControlEndSessionTitle"),
      body: t("sessionControlEndSessionBody", { id: session.maskedId, user: session.username }),
      confirmLabel: t("sessionControlEndSessionConfirm"),
      action: "end-session",
      run: async () => {
        await api.endSession(session.id);
        return t("sessionControlEndSessionDone", { id: session.maskedId });
      },
    });

  // Headers wrap rather than being cut off ("Device type" over a column of "Web").
  const columns: Field<SessionView>[] = [
    ...(userId ? [] : [{ name: "username", displayKey: "sessionControlColUser", cellRenderer: UserCell }]),
    { name: "session", displayKey: "sessionControlColSession", cellRenderer: SessionCell },
    { name: "deviceType", displayKey: "sessionControlColDeviceType", cellRenderer: DeviceTypeCell },
    { name: "device", displayKey: "sessionControlColBrowserOs", cellRenderer: DeviceCell },
    { name: "ipAddress", displayKey: "sessionControlColIp", cellRenderer: IpCell },
    { name: "location", displayKey: "sessionControlColPlace", cellRenderer: PlaceCell },
    { name: "lastAccess", displayKey: "sessionControlColLastAccess", cellRenderer: LastAccessCell },
  ].map((column) => ({ ...column, transforms: [wrappable] }));
  const details: DetailField<SessionView>[] = [{ name: "details", enabled: () => true, cellRenderer: DetailsCell }];
  const actions: Action<SessionView>[] = canManage
    ? [
        {
          title: t("sessionControlEndUserAction"),
          onRowClick: (session) =>
            confirm({
              title: t("sessionControlEndUserTitle", { user: session.username }),
              body: t("sessionControlEndUserBody", { user: session.username }),
              confirmLabel: t("sessionControlEndUserConfirm"),
              action: "end-user",
              run: () => api.endUserSessions(session.userId),
            }),
        },
      ]
    : [];

  const context: ToolbarContext = {
    total,
    filters,
    confirm,
    notifyError: (error) => addError("sessionControlLoadError", error),
  };

  return (
    <SessionsTableContext.Provider value={{ stats, canManage, askEndSession }}>
      <div data-testid="sc-sessions" data-state={state} data-total={total}>
        <Flex
          className="pf-v5-u-px-md pf-v5-u-pt-sm"
          justifyContent={{ default: "justifyContentSpaceBetween" }}
          alignItems={{ default: "alignItemsCenter" }}
        >
          <div data-testid="sc-total" data-total={total}>
            {t("sessionControlTotal", { count: total })}
            {stats && stats.excessiveUsers.length > 0 && !userId && (
              <span className="pf-v5-u-ml-md">
                <Label color="orange" isCompact data-testid="sc-excessive-summary">
                  {t("sessionControlExcessiveSummary", {
                    count: stats.excessiveUsers.length,
                    threshold: stats.excessiveSessionThreshold,
                  })}
                </Label>
              </span>
            )}
          </div>
          {headerActions?.(context)}
        </Flex>
        {stats?.byCountry && !userId && (
          <CountrySummary
            byCountry={stats.byCountry}
            onPick={(country) => {
              edit.setDraft({ ...edit.draft, country });
              edit.setAttribute("country");
              apply({ ...filters, country });
            }}
          />
        )}
        {ending.job && <EndingProgress job={ending.job} onClose={ending.dismiss} />}
        <KeycloakDataTable
          key={query}
          data-testid="sc-sessions-table"
          ariaLabelKey="sessionControlSessions"
          isPaginated
          isSearching={Object.values(filters).some(Boolean)}
          loader={{ signal: `${generation}/${i18n.language}`, loader }}
          columns={columns}
          detailColumns={details}
          actions={actions}
          toolbarItem={
            <>
              <SortSelect
                sort={sort}
                onSort={(next) => {
                  setSort(next);
                  newQuery();
                }}
              />
              {toolbarExtras?.(context)}
            </>
          }
          subToolbar={
            <FilterToolbar
              edit={edit}
              deviceTypes={deviceTypes}
              filters={filters}
              apply={apply}
              actions={filterActions?.(context)}
            />
          }
          emptyState={
            <div data-testid="sc-no-sessions">
              <ListEmptyState
                message={t("sessionControlNoSessions")}
                instructions={t("sessionControlNoSessionsHint")}
              />
            </div>
          }
        />
        <ConfirmDialog />
      </div>
    </SessionsTableContext.Provider>
  );
};
