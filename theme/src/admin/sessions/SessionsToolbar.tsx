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
import { useState, type KeyboardEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export type Filters = {
  search: string;
  deviceType: string;
  clientId: string;
  ip: string;
  type: string;
};

/**
 * A select as wide as its longest option: PatternFly's padding leaves its caret less room than the caret takes, so
 * the widest label would run under it.
 */
const ROOM_FOR_CARET = { paddingInlineEnd: "var(--pf-v5-global--spacer--xl)" };

/** The text filter's width: what an address or a username needs, leaving the row room for its actions at 1280 px. */
const TEXT_FILTER_WIDTH = { width: "13rem" };

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
  /** At the end of the row: what acts on the filters in force. */
  actions?: ReactNode;
};

/**
 * The filter row: a text filter with its attribute (user, client, address), the device type and the session type.
 * One row at 1280 px: the three text filters share one field, as Keycloak's own lists do.
 */
export const FilterToolbar = ({ edit, deviceTypes, filters, apply, actions }: FilterToolbarProps) => {
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
          style={TEXT_FILTER_WIDTH}
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
        style={TEXT_FILTER_WIDTH}
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
        <ToolbarSelect
          testId="sc-filter-attribute"
          label={t("sessionControlFilterAttribute")}
          value={attribute}
          options={attributes.map((key) => [key, t(ATTRIBUTE_LABELS[key])])}
          onChange={(value) => setAttribute(value as TextFilter)}
        />
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
      <ToolbarSelect
        testId="sc-filter-device"
        label={t("sessionControlFilterDeviceType")}
        value={draft.deviceType}
        options={[["", t("sessionControlAllDeviceTypes")], ...deviceTypes.map((type) => [type, type] as const)]}
        onChange={(value) => applyDraft({ ...draft, deviceType: value })}
      />
      <ToolbarSelect
        testId="sc-filter-type"
        label={t("sessionControlFilterType")}
        value={draft.type}
        options={[
          ["", t("sessionControlAllTypes")],
          ["REGULAR", t("sessionControlTypeRegular")],
          ["OFFLINE", t("sessionControlTypeOffline")],
        ]}
        onChange={(value) => applyDraft({ ...draft, type: value })}
      />
      {actions}
    </>
  );
};

const SORT_LABELS: Record<string, string> = {
  "-started": "sessionControlSortStartedDesc",
  started: "sessionControlSortStartedAsc",
  "-lastAccess": "sessionControlSortLastAccessDesc",
  lastAccess: "sessionControlSortLastAccessAsc",
};

export const SortSelect = ({ sort, onSort }: { sort: string; onSort: (sort: string) => void }) => {
  const { t } = useTranslation();
  return (
    <ToolbarSelect
      testId="sc-sort"
      label={t("sessionControlSort")}
      value={sort}
      options={Object.entries(SORT_LABELS).map(([value, key]) => [value, t(key)])}
      onChange={onSort}
    />
  );
};

/** A toolbar select of [value, label] options, labelled for screen readers, as wide as its longest label. */
const ToolbarSelect = ({
  testId,
  label,
  value,
  options,
  onChange,
}: {
  testId: string;
  label: string;
  value: string;
  options: (readonly [string, string])[];
  onChange: (value: string) => void;
}) => (
  <ToolbarItem>
    <FormSelect
      style={ROOM_FOR_CARET}
      data-testid={testId}
      aria-label={label}
      value={value}
      onChange={(_e, next) => onChange(next)}
    >
      {options.map(([optionValue, optionLabel]) => (
        <FormSelectOption key={optionValue} value={optionValue} label={optionLabel} />
      ))}
    </FormSelect>
  </ToolbarItem>
);
