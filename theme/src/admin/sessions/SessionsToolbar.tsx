import {
  Button,
  FormSelect,
  FormSelectOption,
  SearchInput,
  TextInput,
  ToolbarFilter,
  ToolbarGroup,
  ToolbarItem,
} from "@patternfly/react-core";
import { useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

export type Filters = {
  search: string;
  deviceType: string;
  clientId: string;
  ip: string;
  type: string;
};

export const EMPTY_FILTERS: Filters = { search: "", deviceType: "", clientId: "", ip: "", type: "" };

/** The filters typed in: one field at a time, picked by its attribute; the applied ones stay listed as chips. */
type TextFilter = "search" | "clientId" | "ip";

const ATTRIBUTE_LABELS: Record<TextFilter, string> = {
  search: "sessionControlAttrUser",
  clientId: "sessionControlAttrClient",
  ip: "sessionControlAttrIp",
};

/**
 * What is typed but not yet applied, and which text filter is shown. Held by the table: KeycloakDataTable is mounted
 * anew for every query, and the toolbar with it.
 */
export function useFilterDraft(forUser: boolean) {
  const attributes: TextFilter[] = forUser ? ["clientId", "ip"] : ["search", "clientId", "ip"];
  const [attribute, setAttribute] = useState<TextFilter>(attributes[0]);
  const [draft, setDraft] = useState<Filters>(EMPTY_FILTERS);
  return { attributes, attribute, setAttribute, draft, setDraft };
}

export type FilterToolbarProps = {
  edit: ReturnType<typeof useFilterDraft>;
  /** Device types to offer: the known ones and those counted in the realm. */
  deviceTypes: string[];
  /** The filters in force (shown as chips). */
  filters: Filters;
  apply: (next: Filters) => void;
};

/**
 * The filter row: a text filter with its attribute (user, client, address), the device type and the session type.
 * One row at 1280 px: the three text filters share one field, as Keycloak's own lists do.
 */
export const FilterToolbar = ({ edit, deviceTypes, filters, apply }: FilterToolbarProps) => {
  const { t } = useTranslation();
  const { attributes, attribute, setAttribute, draft, setDraft } = edit;

  const applyDraft = (next: Filters) => {
    setDraft(next);
    apply(next);
  };
  const typed = (key: TextFilter) => (_event: unknown, value: string) => setDraft({ ...draft, [key]: value });
  const onEnter = (event: KeyboardEvent) => event.key === "Enter" && apply(draft);

  const input = (key: TextFilter) => {
    if (key === "search") {
      return (
        <SearchInput
          data-testid="sc-filter-search"
          aria-label={t("sessionControlFilterUser")}
          placeholder={t("sessionControlFilterUser")}
          value={draft.search}
          onChange={typed("search")}
          onSearch={() => apply(draft)}
          onClear={() => applyDraft({ ...draft, search: "" })}
        />
      );
    }
    const label = key === "clientId" ? t("sessionControlFilterClient") : t("sessionControlFilterIp");
    return (
      <TextInput
        data-testid={key === "clientId" ? "sc-filter-client" : "sc-filter-ip"}
        aria-label={label}
        placeholder={label}
        value={draft[key]}
        onChange={typed(key)}
        onKeyDown={onEnter}
      />
    );
  };

  return (
    <>
      <ToolbarGroup variant="filter-group">
        <ToolbarItem>
          <FormSelect
            data-testid="sc-filter-attribute"
            aria-label={t("sessionControlFilterAttribute")}
            value={attribute}
            onChange={(_e, value) => setAttribute(value as TextFilter)}
          >
            {attributes.map((key) => (
              <FormSelectOption key={key} value={key} label={t(ATTRIBUTE_LABELS[key])} />
            ))}
          </FormSelect>
        </ToolbarItem>
        {attributes.map((key) => (
          <ToolbarFilter
            key={key}
            categoryName={t(ATTRIBUTE_LABELS[key])}
            chips={filters[key] ? [filters[key]] : []}
            deleteChip={() => applyDraft({ ...draft, [key]: "" })}
            showToolbarItem={attribute === key}
          >
            {input(key)}
          </ToolbarFilter>
        ))}
        <ToolbarItem>
          <Button variant="secondary" data-testid="sc-apply-filters" onClick={() => apply(draft)}>
            {t("sessionControlApplyFilters")}
          </Button>
        </ToolbarItem>
      </ToolbarGroup>
      <ToolbarItem>
        <FormSelect
          data-testid="sc-filter-device"
          aria-label={t("sessionControlFilterDeviceType")}
          value={draft.deviceType}
          onChange={(_e, value) => applyDraft({ ...draft, deviceType: value })}
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
          onChange={(_e, value) => applyDraft({ ...draft, type: value })}
        >
          <FormSelectOption value="" label={t("sessionControlAllTypes")} />
          <FormSelectOption value="REGULAR" label={t("sessionControlTypeRegular")} />
          <FormSelectOption value="OFFLINE" label={t("sessionControlTypeOffline")} />
        </FormSelect>
      </ToolbarItem>
    </>
  );
};

export const SORTS = ["-started", "started", "-lastAccess", "lastAccess"] as const;

const SORT_LABELS: Record<(typeof SORTS)[number], string> = {
  "-started": "sessionControlSortStartedDesc",
  started: "sessionControlSortStartedAsc",
  "-lastAccess": "sessionControlSortLastAccessDesc",
  lastAccess: "sessionControlSortLastAccessAsc",
};

export const SortSelect = ({ sort, onSort }: { sort: string; onSort: (sort: string) => void }) => {
  const { t } = useTranslation();
  return (
    <ToolbarItem>
      <FormSelect
        data-testid="sc-sort"
        aria-label={t("sessionControlSort")}
        value={sort}
        onChange={(_e, v) => onSort(v)}
      >
        {SORTS.map((value) => (
          <FormSelectOption key={value} value={value} label={t(SORT_LABELS[value])} />
        ))}
      </FormSelect>
    </ToolbarItem>
  );
};
