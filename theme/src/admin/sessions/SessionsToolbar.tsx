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
import { countryName } from "../../shared/session";

export type Filters = {
  search: string;
  deviceType: string;
  clientId: string;
  ip: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  type: string;
};

/**
 * A select as wide as its longest option: PatternFly's padding leaves its caret less room than the caret takes, so
 * the widest label would run under it.
 */
const ROOM_FOR_CARET = { paddingInlineEnd: "var(--pf-v5-global--spacer--xl)" };

/** The text filter's width: what an address or a username needs, leaving the row room for its actions at 1280 px. */
const TEXT_FILTER_WIDTH = { width: "13rem" };

export const EMPTY_FILTERS: Filters = { search: "", deviceType: "", clientId: "", ip: "", country: "", type: "" };

/** A country filter the server takes: two letters (it answers 400 to anything else). */
export const isCountryCode = (value: string) => /^[A-Z]{2}$/.test(value);

/** The filters typed in: one field at a time, picked by its attribute; the applied ones stay listed as chips. */
type TextFilter = "search" | "clientId" | "ip" | "country";

const ATTRIBUTE_LABELS: Record<TextFilter, string> = {
  search: "sessionControlAttrUser",
  clientId: "sessionControlAttrClient",
  ip: "sessionControlAttrIp",
  country: "sessionControlAttrCountry",
};

/**
 * What is typed but not yet applied, and which text filter is shown. Held by the table: KeycloakDataTable is mounted
 * anew for every query, and the toolbar with it.
 */
export function useFilterDraft(forUser: boolean) {
  const attributes: TextFilter[] = forUser ? ["clientId", "ip", "country"] : ["search", "clientId", "ip", "country"];
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
 * The filter row: a text filter with its attribute (user, client, address, country), the device type and the session
 * type. One row at 1280 px: the text filters share one field, as Keycloak's own lists do.
 */
export const FilterToolbar = ({ edit, deviceTypes, filters, apply, actions }: FilterToolbarProps) => {
  const { t, i18n } = useTranslation();
  const { attributes, attribute, setAttribute, draft, setDraft } = edit;
  const countryChip = (code: string) => `${code} (${countryName(code, i18n.language)})`;

  // A country that is not two letters is marked on its field and not sent: the server would only refuse it.
  const countryInvalid = draft.country !== "" && !isCountryCode(draft.country);
  const applyDraft = (next: Filters) => {
    setDraft(next);
    if (next.country === "" || isCountryCode(next.country)) apply(next);
  };
  const applyTyped = () => applyDraft(draft);
  const typed = (key: TextFilter) => (_event: unknown, value: string) =>
    setDraft({ ...draft, [key]: key === "country" ? value.trim().toUpperCase() : value });
  const onEnter = (event: KeyboardEvent) => event.key === "Enter" && applyTyped();

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
          onSearch={applyTyped}
          onClear={() => applyDraft({ ...draft, search: "" })}
        />
      );
    }
    if (key === "country") {
      return (
        <TextInput
          style={TEXT_FILTER_WIDTH}
          data-testid="sc-filter-country"
          aria-label={t("sessionControlFilterCountry")}
          placeholder={t("sessionControlFilterCountry")}
          title={t("sessionControlFilterCountryHelp")}
          maxLength={2}
          validated={countryInvalid ? "error" : "default"}
          value={draft.country}
          onChange={typed("country")}
          onKeyDown={onEnter}
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
            chips={filters[key] ? [key === "country" ? countryChip(filters.country) : filters[key]] : []}
            deleteChip={() => applyDraft({ ...draft, [key]: "" })}
            showToolbarItem={attribute === key}
          >
            {input(key)}
          </ToolbarFilter>
        ))}
        <ToolbarItem>
          <Button variant="secondary" data-testid="sc-apply-filters" onClick={applyTyped}>
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
