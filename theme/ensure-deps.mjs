// `npm ci` against the committed package-lock.json, skipped when node_modules was installed from this very lock
// file: repeated Maven builds then need neither the network nor the ~30 s reinstall. Invoked by theme/pom.xml.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

// npm ci empties node_modules first, so a stamp left there from an earlier lock file cannot survive a reinstall.
const stamp = "node_modules/.session-control-lock-hash";
const hash = createHash("sha256").update(readFileSync("package-lock.json")).digest("hex");

if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash) {
  console.log("theme: node_modules matches package-lock.json");
} else {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, hash);
}
