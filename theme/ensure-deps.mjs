// Installs the locked dependencies only when node_modules does not match package-lock.json, so
// repeated Maven builds need neither the network nor the ~40 s reinstall. Invoked by theme/pom.xml.
//
// `npm install --no-save` rather than `npm ci`: the registry served here lists only the linux-x64
// build of Rollup's per-platform optional packages, so the lock file records no entry for the
// others and `npm ci` refuses it as "out of sync". `npm install` installs exactly the locked
// versions all the same and, with --no-save, never rewrites the lock file.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const stamp = "node_modules/.session-control-lock-hash";
const hash = createHash("sha256").update(readFileSync("package-lock.json")).digest("hex");

if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash) {
  console.log("theme: node_modules matches package-lock.json");
} else {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(
    npm,
    ["install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
    { stdio: "inherit", shell: process.platform === "win32" },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, hash);
}
