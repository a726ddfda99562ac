import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  Button,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  FormSelect,
  FormSelectOption,
  Label,
  LabelGroup,
  Modal,
  ModalVariant,
  Pagination,
  Progress,
  SearchInput,
  Spinner,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
  Tooltip,
} from "@patternfly/react-core";
import {
  ActionsColumn,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
} from "@patternfly/react-table";
import { useAccess } from "@keycloak/keycloak-admin-ui";
import { ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { endedMessage } from "./endedMessage";
import {
  deviceText,
  clientLabel,
  formatTime,
  KNOWN_DEVICE_TYPES,
  type SessionPage,
  type SessionView,
} from "../../shared/session";
import { useSessionControlApi, type Ended, type Stats } from "../api";

type Filters = {
  search: string;
  deviceType: string;
  clientId: string;
  ip: string;
  type: string;
};

const EMPTY_FILTERS: Filters = { search: "", deviceType: "", clientId: "", ip: "", type: "" };

export type Notice = { variant: "success" | "danger" | "info"; text: string };

type Confirmation = {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  testId: string;
  /** The confirmed action: a message, or the answer of an ending of several sessions. */
  run: () => Promise<string | Ended>;
};

/** How often a bulk ending that goes on in the background is polled. */
const JOB_POLL_MS = 2000;

export type SessionsTableProps = {
  /** Only this user's sessions (User details → Sessions); hides the user filter and column. */
  userId?: string;
  /** Extra toolbar controls (e.g. "Sign out everyone"), given the loaded stats and a reload. */
  toolbarExtras?: (context: {
    stats?: Stats;
    total: number;
    reload: () => void;
    confirm: (c: Confirmation) => void;
    notifyError: (error: unknown) => void;
  }) => ReactNode;
};

/**
 * The Sessions table shared by the realm Sessions page and the user's Sessions tab. Every row
 * comes from the native API one page at a time; filters, sorting and paging happen in the server.
 */
export const SessionsTable = ({ userId, toolbarExtras }: SessionsTableProps) => {
  const { t, i18n } = useTranslation();
  const api = useSessionControlApi();
  const { hasAccess } = useAccess();
  const canManage = hasAccess("manage-users");

  const [draft, setDraft] = useState<Filters>(EMPTY_FILTERS);
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const [sort, setSort] = useState("-started");
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(10);
  const [data, setData] = useState<SessionPage>();
  const [stats, setStats] = useState<Stats>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [notices, setNotices] = useState<(Notice & { key: number })[]>([]);
  const [confirmation, setConfirmation] = useState<Confirmation>();
  const [busy, setBusy] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [job, setJob] = useState<Ended>();

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const notify = useCallback(
    (notice: Notice) =>
      setNotices((list) => [...list, { ...notice, key: Date.now() + Math.random() }]),
    [],
  );

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(undefined);
    api
      .sessions({
        search: userId ? undefined : filters.search,
        userId,
        clientId: filters.clientId,
        deviceType: filters.deviceType,
        ip: filters.ip,
        type: filters.type,
        first: (page - 1) * perPage,
        max: perPage,
        sort,
      })
      .then((result) => !cancelled && setData(result))
      .catch((e: Error) => !cancelled && setError(e.message))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [api, userId, filters, page, perPage, sort, generation]);

  useEffect(() => {
    let cancelled = false;
    api
      .stats()
      .then((s) => !cancelled && setStats(s))
      .catch(() => !cancelled && setStats(undefined));
    return () => {
      cancelled = true;
    };
  }, [api, generation]);

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

  const excessive = useMemo(
    () => new Map((stats?.excessiveUsers ?? []).map((u) => [u.userId, u.sessions])),
    [stats],
  );
  const deviceTypes = useMemo(() => {
    const seen = new Set(KNOWN_DEVICE_TYPES);
    Object.keys(stats?.byDeviceType ?? {})
      .filter(Boolean)
      .forEach((type) => seen.add(type));
    return [...seen];
  }, [stats]);

  const apply = (next: Filters) => {
    setPage(1);
    setFilters(next);
  };

  const askEndSession = (session: SessionView) =>
    setConfirmation({
      title: t("sessionControlEndSessionTitle"),
      body: t("sessionControlEndSessionBody", {
        id: session.maskedId,
        user: session.username,
      }),
      confirmLabel: t("sessionControlEndSessionConfirm"),
      testId: "sc-confirm-end-session",
      run: async () => {
        await api.endSession(session.id);
        return t("sessionControlEndSessionDone", { id: session.maskedId });
      },
    });

  const askEndUser = (id: string, username: string) =>
    setConfirmation({
      title: t("sessionControlEndUserTitle", { user: username }),
      body: t("sessionControlEndUserBody", { user: username }),
      confirmLabel: t("sessionControlEndUserConfirm"),
      testId: "sc-confirm-end-user",
      run: () => api.endUserSessions(id),
    });

  const runConfirmation = async () => {
    if (!confirmation) return;
    setBusy(true);
    try {
      const outcome = await confirmation.run();
      if (typeof outcome === "string") {
        notify({ variant: "success", text: outcome });
      } else {
        notify({ variant: "success", text: endedMessage(t, outcome) });
        if (outcome.jobId && !outcome.done) setJob(outcome);
      }
    } catch (e) {
      notify({ variant: "danger", text: (e as Error).message });
    } finally {
      setBusy(false);
      setConfirmation(undefined);
      reload();
    }
  };

  const sessionTag = (session: SessionView) => {
    const tag = (
      <Label
        color={session.current ? "blue" : "grey"}
        isCompact
        data-testid="sc-session-tag"
        data-session-id={session.id}
        onClose={
          session.current || !canManage ? undefined : () => askEndSession(session)
        }
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
    if (session.current) {
      return (
        <Tooltip content={t("sessionControlOwnSessionExplanation")}>
          <span data-testid="sc-own-session" tabIndex={0}>
            {tag}
            {badge}{" "}
            <Label isCompact color="blue" variant="outline">
              {t("sessionControlYourSession")}
            </Label>
          </span>
        </Tooltip>
      );
    }
    return (
      <>
        {tag}
        {badge}
      </>
    );
  };

  const total = data?.total ?? 0;
  const columns = userId ? 10 : 11;

  return (
    <>
      <AlertGroup isToast isLiveRegion>
        {notices.map((n) => (
          <Alert
            key={n.key}
            variant={n.variant}
            title={n.text}
            timeout={8000}
            data-testid="sc-notice"
            actionClose={
              <AlertActionCloseButton
                onClose={() => setNotices((l) => l.filter((x) => x.key !== n.key))}
              />
            }
          />
        ))}
      </AlertGroup>
      <Toolbar>
        <ToolbarContent>
          <ToolbarGroup variant="filter-group">
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
                onChange={(_e, value) => {
                  const next = { ...draft, deviceType: value };
                  setDraft(next);
                  apply(next);
                }}
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
                onChange={(_e, value) => {
                  const next = { ...draft, type: value };
                  setDraft(next);
                  apply(next);
                }}
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
              <Button
                variant="secondary"
                data-testid="sc-apply-filters"
                onClick={() => apply(draft)}
              >
                {t("sessionControlApplyFilters")}
              </Button>
            </ToolbarItem>
          </ToolbarGroup>
          <ToolbarItem>
            <FormSelect
              data-testid="sc-sort"
              aria-label={t("sessionControlSort")}
              value={sort}
              onChange={(_e, value) => {
                setPage(1);
                setSort(value);
              }}
            >
              <FormSelectOption value="-started" label={t("sessionControlSortStartedDesc")} />
              <FormSelectOption value="started" label={t("sessionControlSortStartedAsc")} />
              <FormSelectOption
                value="-lastAccess"
                label={t("sessionControlSortLastAccessDesc")}
              />
              <FormSelectOption
                value="lastAccess"
                label={t("sessionControlSortLastAccessAsc")}
              />
            </FormSelect>
          </ToolbarItem>
          <ToolbarItem>
            <Button variant="plain" data-testid="sc-refresh" onClick={reload}>
              {t("refresh")}
            </Button>
          </ToolbarItem>
          {toolbarExtras?.({
            stats,
            total,
            reload,
            confirm: setConfirmation,
            notifyError: (e) => notify({ variant: "danger", text: (e as Error).message }),
          })}
          <ToolbarItem variant="pagination" align={{ default: "alignRight" }}>
            <Pagination
              data-testid="sc-pagination"
              itemCount={total}
              page={page}
              perPage={perPage}
              perPageOptions={[10, 20, 50, 100].map((n) => ({ title: `${n}`, value: n }))}
              onSetPage={(_e, p) => setPage(p)}
              onPerPageSelect={(_e, n) => {
                setPerPage(n);
                setPage(1);
              }}
              isCompact
            />
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <div data-testid="sc-total" data-total={total} className="pf-v5-u-px-md pf-v5-u-pb-sm">
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
      {error && (
        <Alert variant="danger" isInline title={error} data-testid="sc-error" />
      )}
      <div style={{ overflowX: "auto" }}>
      <Table aria-label={t("sessionControlSessions")} variant="compact" data-testid="sc-sessions-table">
        <Thead>
          <Tr>
            {!userId && <Th>{t("sessionControlColUser")}</Th>}
            <Th>{t("sessionControlColSession")}</Th>
            <Th>{t("sessionControlColDeviceType")}</Th>
            <Th>{t("sessionControlColBrowserOs")}</Th>
            <Th>{t("sessionControlColIp")}</Th>
            <Th>{t("sessionControlColStarted")}</Th>
            <Th>{t("sessionControlColLastAccess")}</Th>
            <Th>{t("sessionControlColExpires")}</Th>
            <Th>{t("sessionControlColClients")}</Th>
            <Th>{t("sessionControlColRememberMe")}</Th>
            <Th screenReaderText={t("sessionControlColActions")} />
          </Tr>
        </Thead>
        <Tbody>
          {loading && (
            <Tr>
              <Td colSpan={columns}>
                <Spinner size="lg" aria-label={t("sessionControlLoading")} />
              </Td>
            </Tr>
          )}
          {!loading && data && data.items.length === 0 && (
            <Tr>
              <Td colSpan={columns}>
                <EmptyState variant="xs">
                  <EmptyStateHeader titleText={t("sessionControlNoSessions")} headingLevel="h4" />
                  <EmptyStateBody>{t("sessionControlNoSessionsHint")}</EmptyStateBody>
                </EmptyState>
              </Td>
            </Tr>
          )}
          {!loading &&
            data?.items.map((session) => (
              <Tr
                key={session.id + session.type}
                data-testid="sc-session-row"
                data-session-id={session.id}
                data-type={session.type}
                data-username={session.username}
                data-device-type={session.deviceType ?? ""}
              >
                {!userId && (
                  <Td dataLabel={t("sessionControlColUser")}>
                    {session.username}
                    {excessive.has(session.userId) && (
                      <Tooltip
                        content={t("sessionControlExcessiveExplanation", {
                          count: excessive.get(session.userId),
                          threshold: stats?.excessiveSessionThreshold,
                        })}
                      >
                        <Label
                          color="orange"
                          isCompact
                          className="pf-v5-u-ml-sm"
                          data-testid="sc-excessive-flag"
                        >
                          {t("sessionControlExcessiveFlag", {
                            count: excessive.get(session.userId),
                          })}
                        </Label>
                      </Tooltip>
                    )}
                  </Td>
                )}
                <Td dataLabel={t("sessionControlColSession")}>{sessionTag(session)}</Td>
                <Td dataLabel={t("sessionControlColDeviceType")}>
                  {session.deviceType || "—"}
                </Td>
                <Td dataLabel={t("sessionControlColBrowserOs")} data-testid="sc-device">
                  {deviceText(session)}
                </Td>
                <Td dataLabel={t("sessionControlColIp")}>
                  {session.ipAddress || "—"}
                  {session.lastIpAddress && session.lastIpAddress !== session.ipAddress && (
                    <div className="pf-v5-u-color-200">
                      {t("sessionControlLastIp", { ip: session.lastIpAddress })}
                    </div>
                  )}
                </Td>
                <Td dataLabel={t("sessionControlColStarted")}>
                  {formatTime(session.started, i18n.language)}
                </Td>
                <Td dataLabel={t("sessionControlColLastAccess")}>
                  {formatTime(session.lastAccess, i18n.language)}
                </Td>
                <Td dataLabel={t("sessionControlColExpires")}>
                  {formatTime(session.expires, i18n.language)}
                </Td>
                <Td dataLabel={t("sessionControlColClients")}>
                  <LabelGroup numLabels={3}>
                    {session.clients.map((c) => (
                      <Label key={c.clientId} isCompact title={c.clientId}>
                        {clientLabel(c)}
                      </Label>
                    ))}
                  </LabelGroup>
                </Td>
                <Td dataLabel={t("sessionControlColRememberMe")}>
                  {session.rememberMe ? t("yes") : t("no")}
                </Td>
                <Td isActionCell>
                  <ActionsColumn
                    isDisabled={!canManage}
                    items={[
                      {
                        title: t("sessionControlEndUserAction"),
                        onClick: () => askEndUser(session.userId, session.username),
                      },
                    ]}
                  />
                </Td>
              </Tr>
            ))}
        </Tbody>
      </Table>
      </div>
      <Modal
        variant={ModalVariant.small}
        title={confirmation?.title}
        isOpen={!!confirmation}
        onClose={() => setConfirmation(undefined)}
        data-testid="sc-confirm-modal"
        actions={[
          <Button
            key="confirm"
            variant="danger"
            data-testid={confirmation?.testId ?? "sc-confirm"}
            isLoading={busy}
            isDisabled={busy}
            onClick={runConfirmation}
          >
            {confirmation?.confirmLabel}
          </Button>,
          <Button
            key="cancel"
            variant="link"
            data-testid="sc-cancel"
            onClick={() => setConfirmation(undefined)}
          >
            {t("cancel")}
          </Button>,
        ]}
      >
        <div data-testid="sc-confirm-body">{confirmation?.body}</div>
      </Modal>
    </>
  );
};

export type { Confirmation };
