import { resolve } from "node:path";
import type { UserConfig } from "vite";

/**
 * Both consoles are built the way Keycloak builds its own: one ES-module entry listed in
 * `.vite/manifest.json` (Keycloak's index.ftl reads the entry from there), React taken from
 * Keycloak's import map instead of being bundled, relative asset URLs.
 */
export function consoleBuild(name: "admin" | "account"): UserConfig {
  return {
    base: "",
    logLevel: "warn",
    esbuild: { jsx: "automatic" },
    // The production builds of dependencies that ship both (react-router does).
    resolve: {
      conditions: ["module", "browser", "production"],
      // ui-shared pins its own react-hook-form; its form controls and our forms must share one copy (one
      // FormProvider context), so every import resolves to the project's.
      dedupe: ["react-hook-form"],
    },
    build: {
      outDir: resolve(__dirname, `target/classes/theme/session-control/${name}/resources`),
      emptyOutDir: true,
      manifest: true,
      sourcemap: false,
      target: "es2022",
      chunkSizeWarningLimit: 8000,
      reportCompressedSize: false,
      rollupOptions: {
        input: resolve(__dirname, `src/${name}/main.tsx`),
        external: ["react", "react/jsx-runtime", "react-dom"],
        onwarn(warning, warn) {
          // react-router marks its modules "use client"; meaningless in a browser bundle.
          if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
          warn(warning);
        },
      },
    },
  };
}
