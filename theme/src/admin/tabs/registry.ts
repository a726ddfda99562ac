import type { ReactNode } from "react";

/**
 * The seam between Keycloak's RoutableTabs (patched at build time, see vite.admin.config.ts) and
 * our tabs. Deliberately free of imports so the patched library module does not import our pages
 * (which import the library) in a cycle. main.tsx installs the real function before rendering.
 */
type TabsHook = (children: ReactNode) => ReactNode;

let hook: TabsHook = (children) => children;

export function installSessionControlTabs(next: TabsHook): void {
  hook = next;
}

/** Called at the top of every RoutableTabs render with its tab children. */
export function sessionControlTabs(children: ReactNode): ReactNode {
  return hook(children);
}
