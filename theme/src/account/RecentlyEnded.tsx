import { useAccountAlerts } from "@keycloak/keycloak-account-ui";
import {
  Button,
  DataList,
  DataListCell,
  DataListItem,
  DataListItemCells,
  DataListItemRow,
  DescriptionList,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  Label,
  Spinner,
  Title,
} from "@patternfly/react-core";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Detail } from "../shared/Detail";
import { PlaceText } from "../shared/Place";
import { clientLabel, endedDeviceText, formatTime, reasonKey, type EndedSession } from "../shared/session";
import { useAccountSessionsApi } from "./api";

/** How many ended sessions one page asks the server for. */
const PAGE = 5;

/**
 * "Recently ended": the caller's own ended sessions, newest first, a page at a time from the server ("Show more"
 * asks for the next one). Each says when, why in plain words, where, on which device and in which applications.
 * `refresh` changes when the page above ends a session, so that it shows up here.
 */
export const RecentlyEnded = ({ refresh }: { refresh: number }) => {
  const { t, i18n } = useTranslation();
  const api = useAccountSessionsApi();
  const { addError } = useAccountAlerts();
  const [items, setItems] = useState<EndedSession[]>();
  const [eventsStored, setEventsStored] = useState(true);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(false);

  // One more than a page tells whether there is another; state is set when the answer comes.
  const load = useCallback(
    (first: number) =>
      api
        .history(first, PAGE + 1)
        .then((page) => {
          setEventsStored(page.eventsStored);
          setMore(page.items.length > PAGE);
          const shown = page.items.slice(0, PAGE);
          setItems((before) => (first === 0 ? shown : [...(before ?? []), ...shown]));
        })
        .catch((error) => {
          addError("sessionControlError", error);
          setItems((before) => before ?? []);
        })
        .finally(() => setLoading(false)),
    [api, addError],
  );

  useEffect(() => {
    load(0);
  }, [load, refresh]);

  const showMore = () => {
    setLoading(true);
    load(items?.length ?? 0);
  };

  return (
    <section
      className="pf-v5-u-mt-xl"
      data-testid="sc-recently-ended"
      data-state={items && !loading ? "ready" : "loading"}
      data-events-stored={eventsStored}
    >
      <Title headingLevel="h2" size="xl" className="pf-v5-u-mb-md">
        {t("sessionControlRecentlyEnded")}
      </Title>
      {!items ? (
        <Spinner aria-label={t("sessionControlLoading")} />
      ) : !eventsStored ? (
        <EmptyState variant="xs" data-testid="sc-history-off">
          <EmptyStateHeader titleText={t("sessionControlHistoryOff")} headingLevel="h3" />
          <EmptyStateBody>{t("sessionControlHistoryOffHint")}</EmptyStateBody>
        </EmptyState>
      ) : items.length === 0 ? (
        <EmptyState variant="xs" data-testid="sc-no-ended">
          <EmptyStateHeader titleText={t("sessionControlEndedNone")} headingLevel="h3" />
        </EmptyState>
      ) : (
        <>
          <DataList aria-label={t("sessionControlRecentlyEnded")} isCompact>
            {items.map((item, index) => (
              <DataListItem
                key={`${item.sessionId}-${item.type}-${index}`}
                data-testid="sc-ended-session"
                data-session-id={item.sessionId}
                data-reason={item.reason ?? ""}
              >
                <DataListItemRow>
                  <DataListItemCells
                    dataListCells={[
                      <DataListCell key="main">
                        <strong data-testid="sc-ended-reason">
                          {(() => {
                            const key = reasonKey(item.reason);
                            return key ? t(key) : item.reason;
                          })()}
                        </strong>{" "}
                        {item.type === "OFFLINE" && (
                          <Label color="purple" isCompact>
                            {t("sessionControlOfflineAccess")}
                          </Label>
                        )}
                        <DescriptionList
                          isHorizontal
                          isCompact
                          columnModifier={{ lg: "2Col" }}
                          className="pf-v5-u-mt-sm"
                        >
                          <Detail term={t("sessionControlColEnded")}>{formatTime(item.ended, i18n.language)}</Detail>
                          <Detail term={t("sessionControlColDevice")}>
                            {[item.deviceType, endedDeviceText(item)].filter(Boolean).join(" · ") ||
                              t("sessionControlUnknownDevice")}
                          </Detail>
                          <Detail term={t("sessionControlColIp")}>{item.ipAddress || "—"}</Detail>
                          <Detail term={t("sessionControlColPlace")}>
                            <PlaceText location={item.location} />
                          </Detail>
                          <Detail term={t("sessionControlColClients")}>
                            {(item.clients ?? []).map(clientLabel).join(", ") || "—"}
                          </Detail>
                        </DescriptionList>
                      </DataListCell>,
                    ]}
                  />
                </DataListItemRow>
              </DataListItem>
            ))}
          </DataList>
          {more && (
            <Button
              variant="link"
              className="pf-v5-u-mt-sm"
              data-testid="sc-ended-more"
              isLoading={loading}
              isDisabled={loading}
              onClick={showMore}
            >
              {t("sessionControlShowMore")}
            </Button>
          )}
        </>
      )}
    </section>
  );
};
