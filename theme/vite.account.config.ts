import { defineConfig } from "vite";
import { consoleBuild } from "./vite.shared";

export default defineConfig(consoleBuild("account"));
