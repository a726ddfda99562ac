import { useEnvironment, type AccountEnvironment } from "@keycloak/keycloak-account-ui";
import { KeycloakMasthead, label } from "@keycloak/keycloak-ui-shared";
import {
  Button,
  Nav,
  NavExpandable,
  NavItem,
  NavList,
  Page,
  PageSidebar,
  PageSidebarBody,
  Spinner,
} from "@patternfly/react-core";
import { ExternalLinkSquareAltIcon } from "@patternfly/react-icons";
import { Suspense, type MouseEvent as ReactMouseEvent } from "react";
import { useTranslation } from "react-i18next";
import "./frame.css";
import { matchPath, Outlet, useHref, useLinkClickHandler, useLocation } from "react-router-dom";

/** An entry of the theme's content.json, as the stock console reads it. */
export type MenuItem = {
  id?: string;
  label?: string;
  path?: string;
  isVisible?: keyof AccountEnvironment["features"];
  children?: MenuItem[];
};

/**
 * The account console's frame: masthead, side menu from content.json, the page. The stock frame's parts
 * (`Header`, `PageNav`) are exported by @keycloak/keycloak-account-ui, but that package bundles its own copy of
 * PatternFly, so their menu toggle and side menu cannot reach the page they sit in and the menu never collapses
 * on a narrow screen. The same parts are built here from Keycloak's shared masthead (ui-shared) and PatternFly's
 * page, so the toggle works at any width.
 */
export const Frame = ({ menu }: { menu: MenuItem[] }) => (
  <Page header={<Header />} sidebar={<SideMenu menu={menu} />} isManagedSidebar>
    <Suspense fallback={<Spinner />}>
      <Outlet />
    </Suspense>
  </Page>
);

const Header = () => {
  const { environment, keycloak } = useEnvironment<AccountEnvironment>();
  const { t } = useTranslation();
  const logoUrl = environment.logoUrl || "/";
  const internalLogoHref = useHref(logoUrl);
  const referrer = environment.referrerUrl ? (
    <Button
      data-testid="referrer-link"
      component="a"
      href={environment.referrerUrl.replace("_hash_", "#")}
      variant="link"
      icon={<ExternalLinkSquareAltIcon />}
      iconPosition="right"
      isInline
    >
      {t("backTo", { app: label(t, environment.referrerName, environment.referrerUrl) })}
    </Button>
  ) : null;
  return (
    <KeycloakMasthead
      data-testid="page-header"
      keycloak={keycloak}
      features={{ hasManageAccount: false }}
      brand={{
        href: logoUrl.startsWith("/") ? internalLogoHref : logoUrl,
        src: `${environment.resourceUrl}/${environment.logo || "logo.svg"}`,
        alt: t("logo"),
        className: "sc-account-brand",
      }}
      toolbarItems={[<span key="link">{referrer}</span>]}
    />
  );
};

const visible = (item: MenuItem, features: AccountEnvironment["features"]) =>
  !item.isVisible || !!features[item.isVisible];

const SideMenu = ({ menu }: { menu: MenuItem[] }) => {
  const { environment } = useEnvironment<AccountEnvironment>();
  return (
    <PageSidebar>
      <PageSidebarBody>
        <Nav>
          <NavList>
            {menu
              .filter((item) => visible(item, environment.features))
              .map((item) => (
                <MenuEntry key={item.label} item={item} />
              ))}
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );
};

function fullPath(path: string, baseUrl: string) {
  return `${new URL(baseUrl).pathname}${path}`;
}

function isActive(pathname: string, item: MenuItem, baseUrl: string): boolean {
  if (item.path !== undefined) return !!matchPath(fullPath(item.path, baseUrl), pathname);
  return (item.children ?? []).some((child) => isActive(pathname, child, baseUrl));
}

const MenuEntry = ({ item }: { item: MenuItem }) => {
  const { t } = useTranslation();
  const { environment } = useEnvironment<AccountEnvironment>();
  const { pathname } = useLocation();
  const active = isActive(pathname, item, environment.baseUrl);
  if (item.path !== undefined) {
    return (
      <MenuLink path={item.path} isActive={active}>
        {t(item.label ?? "")}
      </MenuLink>
    );
  }
  return (
    <NavExpandable data-testid={item.label} title={t(item.label ?? "")} isActive={active} isExpanded={active}>
      {(item.children ?? [])
        .filter((child) => visible(child, environment.features))
        .map((child) => (
          <MenuEntry key={child.label} item={child} />
        ))}
    </NavExpandable>
  );
};

const MenuLink = ({ path, isActive, children }: { path: string; isActive: boolean; children: string }) => {
  const { environment } = useEnvironment<AccountEnvironment>();
  const target = fullPath(path, environment.baseUrl) + location.search;
  const href = useHref(target);
  const onClick = useLinkClickHandler(target);
  return (
    <NavItem
      data-testid={path}
      to={href}
      isActive={isActive}
      onClick={(event) => onClick(event as unknown as ReactMouseEvent<HTMLAnchorElement>)}
    >
      {children}
    </NavItem>
  );
};
