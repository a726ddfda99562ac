import { useAccess, useConfirmDialog } from "@keycloak/keycloak-admin-ui";
import {
  KeycloakDataTable,
  ListEmptyState,
  useAlerts,
  type Action,
  type DetailField,
  type Field,
} from "@keycloak/keycloak-ui-shared";
import {
  Alert,
  AlertActionCloseButton,
  AlertVariant,
  Button,
  ButtonVariant,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  FormSelect,
  FormSelectOption,
  Label,
  LabelGroup,
  Progress,
  SearchInput,
  TextInput,
  ToolbarItem,
  Tooltip,
} from "@patternfly/react-core";
import { wrappable } from "@patternfly/react-table";
import { ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { endedMessage } from "./endedMessage";
import { clientLabel, deviceText, formatTime, KNOWN_DEVICE_TYPES, type SessionView } from "../../shared/session";
import { useSessionControlApi, type Ended, type Stats } from "../api";

type Filters = {
  search: string;
  deviceType: string;
  clientId: string;
  ip: string;
  type: string;
};

const EMPTY_FILTERS: Filters = { search: "", deviceType: "", clientId: "", ip: "", type: "" };

type Confirmation = {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** Names the confirmed action on the dialog's body (`data-action`), e.g. "end-session". */
  action: string;
  /** The confirmed action: a message, or the answer of an ending of several sessions. */
  run: () => Promise<string | Ended>;
};

/** How often a bulk ending that goes on in the background is polled. */
const JOB_POLL_MS = 2000;

export type SessionsTableProps = {
  /** Only this user's sessions (User details → Sessions); hides the user filter and column. */
  userId?: string;
  /** Extra toolbar controls (e.g. "Sign out everyone"), given the loaded total and a way to confirm. */
  toolbarExtras?: (context: {
    total: number;
    confirm: (c: Confirmation) => void;
    notifyError: (error: unknown) => void;
  }) => ReactNode;
};

/**
 * The Sessions table shared by the realm Sessions page and the user's Sessions tab, on Keycloak's own
 * KeycloakDataTable: one page at a time from the native API (filters, sorting and paging happen in the server),
 * the columns that matter first and the rest in the row's expandable details.
 */
export const SessionsTable = ({ userId, toolbarExtras }: SessionsTableProps) => {
  const { t, i18n } = useTranslation();
  const api = useSessionControlApi();
  const { hasAccess } = useAccess();
  const { addAlert, addError } = useAlerts();
  const canManage = hasAccess("manage-users");

  const [draft, setDraft] = useState<Filters>(EMPTY_FILTERS);
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const [sort, setSort] = useState("-started");
  // A new query (filters, sort) starts again on the first page; a reload keeps the page.
  const [query, setQuery] = useState(0);
  const [generation, setGeneration] = useState(0);
  // "loading" from any change until the loader has its answer; the browser tests wait on it.
  const [state, setState] = useState<"loading" | "ready">("loading");
  const [total, setTotal] = useState(0);
  const [stats, setStats] = useState<Stats>();
  // Cells are rendered when a page arrives; they read the stats of that same load.
  const statsOfPage = useRef<Stats>();
  const [job, setJob] = useState<Ended>();
  const [confirmation, setConfirmation] = useState<Confirmation>();

  const reload = useCallback(() => {
    setState("loading");
    setGeneration((g) => g + 1);
  }, []);
  const apply = (next: Filters) => {
    setState("loading");
    setFilters(next);
    setQuery((q) => q + 1);
  };

  const loader = async (first?: number, max?: number) => {
    setState("loading");
    const [page, realmStats] = await Promise.all([
      api.sessions({
        search: userId ? undefined : filters.search,
        userId,
        clientId: filters.clientId,
        deviceType: filters.deviceType,
        ip: filters.ip,
        type: filters.type,
        first: first ?? 0,
        max: max ?? 10,
        sort,
      }),
      api.stats().catch(() => undefined),
    ]).catch((error) => {
      addError("sessionControlLoadError", error);
      return [{ total: 0, items: [] as SessionView[] }, undefined] as const;
    });
    statsOfPage.current = realmStats;
    setStats(realmStats);
    setTotal(page.total);
    setState("ready");
    return page.items;
  };

  // A bulk ending too large for one request goes on in the background: show it shrinking until it is done.
  const jobId = job && !job.done ? job.jobId : undefined;
  useEffect(() => {
    if (!jobId) return;
    const timer = setInterval(() => {
      api
        .job(jobId)
        .then((progress) => {
          setJob(progress);
          reload();
        })
        .catch(() => undefined);
    }, JOB_POLL_MS);
    return () => clearInterval(timer);
  }, [api, jobId, reload]);

  const deviceTypes = useMemo(() => {
    const seen = new Set(KNOWN_DEVICE_TYPES);
    Object.keys(stats?.byDeviceType ?? {})
      .filter(Boolean)
      .forEach((type) => seen.add(type));
    return [...seen];
  }, [stats]);

  const runConfirmation = async (confirmed: Confirmation) => {
    try {
      const outcome = await confirmed.run();
      if (typeof outcome === "string") {
        addAlert(outcome, AlertVariant.success);
      } else {
        addAlert(endedMessage(t, outcome), AlertVariant.success);
        if (outcome.jobId && !outcome.done) setJob(outcome);
      }
    } catch (error) {
      addError("sessionControlEndError", error);
    } finally {
      reload();
    }
  };

  const [toggleConfirm, ConfirmDialog] = useConfirmDialog({
    titleKey: confirmation?.title ?? "",
    continueButtonLabel: confirmation?.confirmLabel,
    continueButtonVariant: ButtonVariant.danger,
    onConfirm: () => confirmation && runConfirmation(confirmation),
    children: (
      <div data-testid="sc-confirm-body" data-action={confirmation?.action}>
        {confirmation?.body}
      </div>
    ),
  });
  const confirm = (next: Confirmation) => {
    setConfirmation(next);
    toggleConfirm();
  };

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

  const askEndUser = (id: string, username: string) =>
    confirm({
      title: t("sessionControlEndUserTitle", { user: username }),
      body: t("sessionControlEndUserBody", { user: username }),
      confirmLabel: t("sessionControlEndUserConfirm"),
      action: "end-user",
      run: () => api.endUserSessions(id),
    });

  const SessionCell = (session: SessionView) => {
    const tag = (
      <Label
        color={session.current ? "blue" : "grey"}
        isCompact
        data-testid="sc-session-tag"
        data-session-id={session.id}
        onClose={session.current || !canManage ? undefined : () => askEndSession(session)}
        closeBtnAriaLabel={t("sessionControlEndSessionAria", { id: session.maskedId })}
        closeBtnProps={{ "data-testid": `sc-end-session-${session.id}` }}
      >
        <span title={session.id}>{session.maskedId}</span>
      </Label>
    );
    const badge = session.type === "OFFLINE" && (
      <Tooltip content={t("sessionControlOfflineExplanation")}>
        <Label isCompact color="purple" className="pf-v5-u-ml-xs" data-testid="sc-offline-badge" tabIndex={0}>
          {t("sessionControlTypeOffline")}
        </Label>
      </Tooltip>
    );
    // The row's identity for tests and scripts: KeycloakDataTable's rows carry no attributes of ours.
    return (
      <span
        data-testid="sc-session"
        data-session-id={session.id}
        data-type={session.type}
        data-username={session.username}
        data-device-type={session.deviceType ?? ""}
      >
        {session.current ? (
          <Tooltip content={t("sessionControlOwnSessionExplanation")}>
            <span data-testid="sc-own-session" tabIndex={0}>
              {tag}
              {badge}{" "}
              <Label isCompact color="blue" variant="outline">
                {t("sessionControlYourSession")}
              </Label>
            </span>
          </Tooltip>
        ) : (
          <>
            {tag}
            {badge}
          </>
        )}
      </span>
    );
  };

  const UserCell = (session: SessionView) => {
    const excessive = statsOfPage.current?.excessiveUsers.find((u) => u.userId === session.userId);
    return (
      <>
        {session.username}
        {excessive && (
          <Tooltip
            content={t("sessionControlExcessiveExplanation", {
              count: excessive.sessions,
              threshold: statsOfPage.current?.excessiveSessionThreshold,
            })}
          >
            <Label color="orange" isCompact className="pf-v5-u-ml-sm" data-testid="sc-excessive-flag">
              {t("sessionControlExcessiveFlag", { count: excessive.sessions })}
            </Label>
          </Tooltip>
        )}
      </>
    );
  };

  const IpCell = (session: SessionView) => (
    <>
      {session.ipAddress || "—"}
      {session.lastIpAddress && session.lastIpAddress !== session.ipAddress && (
        <div className="pf-v5-u-color-200">{t("sessionControlLastIp", { ip: session.lastIpAddress })}</div>
      )}
    </>
  );

  const ClientLabels = (session: SessionView) => (
    <LabelGroup numLabels={5}>
      {session.clients.map((c) => (
        <Label key={c.clientId} isCompact title={c.clientId}>
          {clientLabel(c)}
        </Label>
      ))}
    </LabelGroup>
  );

  const DetailsCell = (session: SessionView) => (
    <DescriptionList isCompact isHorizontal columnModifier={{ default: "1Col", lg: "3Col" }} data-testid="sc-details">
      <DescriptionListGroup>
        <DescriptionListTerm>{t("sessionControlColStarted")}</DescriptionListTerm>
        <DescriptionListDescription>{formatTime(session.started, i18n.language)}</DescriptionListDescription>
      </DescriptionListGroup>
      <DescriptionListGroup>
        <DescriptionListTerm>{t("sessionControlColExpires")}</DescriptionListTerm>
        <DescriptionListDescription>{formatTime(session.expires, i18n.language)}</DescriptionListDescription>
      </DescriptionListGroup>
      <DescriptionListGroup>
        <DescriptionListTerm>{t("sessionControlColRememberMe")}</DescriptionListTerm>
        <DescriptionListDescription>{session.rememberMe ? t("yes") : t("no")}</DescriptionListDescription>
      </DescriptionListGroup>
      <DescriptionListGroup>
        <DescriptionListTerm>{t("sessionControlSessionId")}</DescriptionListTerm>
        <DescriptionListDescription>
          <code style={{ wordBreak: "break-all" }}>{session.id}</code>
        </DescriptionListDescription>
      </DescriptionListGroup>
      <DescriptionListGroup>
        <DescriptionListTerm>{t("sessionControlColClients")}</DescriptionListTerm>
        <DescriptionListDescription>{ClientLabels(session)}</DescriptionListDescription>
      </DescriptionListGroup>
    </DescriptionList>
  );

  // Headers wrap rather than being cut off ("Device type" over a column of "Web").
  const columns: Field<SessionView>[] = [
    ...(userId ? [] : [{ name: "username", displayKey: "sessionControlColUser", cellRenderer: UserCell }]),
    { name: "session", displayKey: "sessionControlColSession", cellRenderer: SessionCell },
    {
      name: "deviceType",
      displayKey: "sessionControlColDeviceType",
      cellRenderer: (s: SessionView) => s.deviceType || "—",
    },
    {
      name: "device",
      displayKey: "sessionControlColBrowserOs",
      cellRenderer: (s: SessionView) => <span data-testid="sc-device">{deviceText(s)}</span>,
    },
    { name: "ipAddress", displayKey: "sessionControlColIp", cellRenderer: IpCell },
    {
      name: "lastAccess",
      displayKey: "sessionControlColLastAccess",
      cellRenderer: (s: SessionView) => formatTime(s.lastAccess, i18n.language),
    },
  ].map((column) => ({ ...column, transforms: [wrappable] }));
  const details: DetailField<SessionView>[] = [{ name: "details", enabled: () => true, cellRenderer: DetailsCell }];
  const actions: Action<SessionView>[] = canManage
    ? [
        {
          title: t("sessionControlEndUserAction"),
          onRowClick: (session) => askEndUser(session.userId, session.username),
        },
      ]
    : [];

  const filtering = Object.values(filters).some(Boolean);
  const select = (key: "deviceType" | "type", value: string) => {
    const next = { ...draft, [key]: value };
    setDraft(next);
    apply(next);
  };

  const toolbar = (
    <>
      {!userId && (
        <ToolbarItem>
          <SearchInput
            data-testid="sc-filter-search"
            aria-label={t("sessionControlFilterUser")}
            placeholder={t("sessionControlFilterUser")}
            value={draft.search}
            onChange={(_e, value) => setDraft({ ...draft, search: value })}
            onSearch={() => apply(draft)}
            onClear={() => apply({ ...draft, search: "" })}
          />
        </ToolbarItem>
      )}
      <ToolbarItem>
        <FormSelect
          data-testid="sc-filter-device"
          aria-label={t("sessionControlFilterDeviceType")}
          value={draft.deviceType}
          onChange={(_e, value) => select("deviceType", value)}
        >
          <FormSelectOption value="" label={t("sessionControlAllDeviceTypes")} />
          {deviceTypes.map((type) => (
            <FormSelectOption key={type} value={type} label={type} />
          ))}
        </FormSelect>
      </ToolbarItem>
      <ToolbarItem>
        <FormSelect
          data-testid="sc-filter-type"
          aria-label={t("sessionControlFilterType")}
          value={draft.type}
          onChange={(_e, value) => select("type", value)}
        >
          <FormSelectOption value="" label={t("sessionControlAllTypes")} />
          <FormSelectOption value="REGULAR" label={t("sessionControlTypeRegular")} />
          <FormSelectOption value="OFFLINE" label={t("sessionControlTypeOffline")} />
        </FormSelect>
      </ToolbarItem>
      <ToolbarItem>
        <TextInput
          data-testid="sc-filter-client"
          aria-label={t("sessionControlFilterClient")}
          placeholder={t("sessionControlFilterClient")}
          value={draft.clientId}
          onChange={(_e, value) => setDraft({ ...draft, clientId: value })}
          onKeyDown={(e) => e.key === "Enter" && apply(draft)}
        />
      </ToolbarItem>
      <ToolbarItem>
        <TextInput
          data-testid="sc-filter-ip"
          aria-label={t("sessionControlFilterIp")}
          placeholder={t("sessionControlFilterIp")}
          value={draft.ip}
          onChange={(_e, value) => setDraft({ ...draft, ip: value })}
          onKeyDown={(e) => e.key === "Enter" && apply(draft)}
        />
      </ToolbarItem>
      <ToolbarItem>
        <Button variant="secondary" data-testid="sc-apply-filters" onClick={() => apply(draft)}>
          {t("sessionControlApplyFilters")}
        </Button>
      </ToolbarItem>
      <ToolbarItem>
        <FormSelect
          data-testid="sc-sort"
          aria-label={t("sessionControlSort")}
          value={sort}
          onChange={(_e, value) => {
            setState("loading");
            setSort(value);
            setQuery((q) => q + 1);
          }}
        >
          <FormSelectOption value="-started" label={t("sessionControlSortStartedDesc")} />
          <FormSelectOption value="started" label={t("sessionControlSortStartedAsc")} />
          <FormSelectOption value="-lastAccess" label={t("sessionControlSortLastAccessDesc")} />
          <FormSelectOption value="lastAccess" label={t("sessionControlSortLastAccessAsc")} />
        </FormSelect>
      </ToolbarItem>
      {toolbarExtras?.({
        total,
        confirm,
        notifyError: (error) => addError("sessionControlLoadError", error),
      })}
    </>
  );

  return (
    <div data-testid="sc-sessions" data-state={state} data-total={total}>
      <div data-testid="sc-total" data-total={total} className="pf-v5-u-px-md pf-v5-u-pt-sm">
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
      {job && (
        <Alert
          variant={job.done ? "success" : "info"}
          isInline
          className="pf-v5-u-mx-md pf-v5-u-mt-sm"
          data-testid="sc-ending-progress"
          data-job-id={job.jobId}
          data-remaining={job.remaining ?? 0}
          title={
            job.done
              ? t("sessionControlEndingDone", { count: job.ended })
              : t("sessionControlEndingProgress", { count: job.remaining ?? 0, ended: job.ended })
          }
          actionClose={job.done ? <AlertActionCloseButton onClose={() => setJob(undefined)} /> : undefined}
        >
          <Progress
            aria-label={t("sessionControlEndingProgressAria")}
            value={job.covered ? (100 * job.ended) / job.covered : 100}
            measureLocation="outside"
          />
        </Alert>
      )}
      <KeycloakDataTable
        key={query}
        data-testid="sc-sessions-table"
        ariaLabelKey="sessionControlSessions"
        isPaginated
        isSearching={filtering}
        loader={{ signal: generation, loader }}
        columns={columns}
        detailColumns={details}
        actions={actions}
        toolbarItem={toolbar}
        emptyState={
          <div data-testid="sc-no-sessions">
            <ListEmptyState message={t("sessionControlNoSessions")} instructions={t("sessionControlNoSessionsHint")} />
          </div>
        }
      />
      <ConfirmDialog />
    </div>
  );
};

export type { Confirmation };
