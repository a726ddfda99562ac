import { resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";
import { consoleBuild } from "./vite.shared";

/**
 * Keycloak 26.7's admin console has no extension point that can render live data inside the user,
 * realm-settings or client pages (UiTabProvider renders a settings form only). Those pages all draw
 * their tabs through one component, RoutableTabs. This plugin inserts a single call at the top of
 * that component so that our registry (src/admin/tabs/registry.ts) can add or fill tabs.
 *
 * The package version is pinned exactly (package-lock.json); if the anchor is not found exactly
 * once the build fails, so an upgrade of @keycloak/keycloak-admin-ui cannot silently lose the tabs.
 */
function routableTabsHook(): Plugin {
  const registry = resolve(__dirname, "src/admin/tabs/registry.ts");
  const anchor = /= \(\{\n {2}children: (\w+),\n {2}defaultLocation: \w+,\n {2}\.\.\.\w+\n\}\) => \{\n/g;
  return {
    name: "session-control-routable-tabs",
    transform(code, id) {
      if (!/@keycloak[\\/]keycloak-admin-ui[\\/]lib[\\/]index-[^\\/]+\.js$/.test(id)) {
        return null;
      }
      const matches = [...code.matchAll(anchor)];
      if (matches.length !== 1) {
        this.error(
          `RoutableTabs anchor found ${matches.length} times in ${id}; expected exactly once. ` +
            "Was @keycloak/keycloak-admin-ui upgraded? Adapt src/admin/tabs and this plugin.",
        );
      }
      const children = matches[0][1];
      const patched = code.replace(anchor, (m) => `${m}  ${children} = __sessionControlTabs(${children});\n`);
      return {
        code: `import { sessionControlTabs as __sessionControlTabs } from ${JSON.stringify(registry)};\n` + patched,
        map: null,
      };
    },
  };
}

export default defineConfig({
  ...consoleBuild("admin"),
  plugins: [routableTabsHook()],
});
