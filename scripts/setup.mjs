#!/usr/bin/env node
// Everything `npm start` and `npm test` need on a fresh machine, done before they run and skipped
// when already done: npm packages, Debian packages, the private glibc for the embedded engine,
// and the Remix build when it is missing or older than the sources. Plain Node: nothing installed yet.
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ensurePrivateGlibc, projectRoot } from "./glibc.mjs";

const purpose = process.argv[2] ?? "start"; // start | test | tools
const log = (line) => console.log(`[подготовка] ${line}`);
const die = (line) => {
  console.error(`[подготовка] Ошибка: ${line}`);
  process.exit(1);
};

// Debian packages each purpose needs: the browser and PDF tools for tests only.
const DEBIAN = { start: [], tools: [], test: ["chromium", "poppler-utils"] };

function npmPackages() {
  const stamp = path.join(projectRoot, "node_modules", ".registry-setup-stamp");
  const digest = crypto.createHash("sha256");
  // The patches npm install applies to packages (postinstall) count too: a changed patch installs again.
  const patchDir = path.join(projectRoot, "scripts", "patches");
  const patches = fs.existsSync(patchDir) ? fs.readdirSync(patchDir).sort().map((f) => path.join("scripts", "patches", f)) : [];
  for (const file of ["package.json", "package-lock.json", ...patches]) {
    const full = path.join(projectRoot, file);
    if (fs.existsSync(full)) digest.update(fs.readFileSync(full));
  }
  const want = digest.digest("hex");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return;
  // npm install leaves a package that is already there as it is: a patched one (its patch may have
  // changed) is removed first, so that it comes back as published and takes the patch afresh.
  for (const patch of patches) {
    const name = path.basename(patch).replace(/\+[^+]+\.patch$/, "").replace("+", "/");
    fs.rmSync(path.join(projectRoot, "node_modules", name), { recursive: true, force: true });
  }
  log("устанавливаю npm-пакеты (npm install)…");
  const result = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--include=dev"], { cwd: projectRoot, stdio: "inherit" });
  if (result.status !== 0) die("npm install не удался; проверьте доступ к реестру npm и повторите.");
  fs.writeFileSync(stamp, want);
}

function debianPackages(names) {
  const missing = names.filter((name) => {
    const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
    return r.status !== 0 || !r.stdout.includes("install ok installed");
  });
  if (missing.length === 0) return;
  if (!fs.existsSync("/usr/bin/apt-get")) die(`нужны пакеты ${missing.join(", ")}, а apt-get нет: установите их вручную.`);
  if (process.getuid?.() !== 0) die(`нужны пакеты Debian ${missing.join(", ")}: выполните sudo apt-get install ${missing.join(" ")}`);
  log(`устанавливаю пакеты Debian: ${missing.join(", ")}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["-qq", "update"], { stdio: "inherit", env });
  if (update.status !== 0) die("apt-get update не удался");
  const install = spawnSync("apt-get", ["-qq", "install", "-y", "--no-install-recommends", ...missing], { stdio: ["ignore", "ignore", "inherit"], env });
  if (install.status !== 0) die(`apt-get install ${missing.join(" ")} не удался`);
}

function newestMtime(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

function remixBuild() {
  const output = path.join(projectRoot, "build", "index.js");
  const sources = ["app", "models", "storage", "remix.config.js", "package.json", "tsconfig.json"]
    .map((p) => path.join(projectRoot, p))
    .filter((p) => fs.existsSync(p));
  const sourceTime = Math.max(...sources.map(newestMtime));
  if (fs.existsSync(output) && fs.statSync(output).mtimeMs >= sourceTime) return;
  log("собираю приложение (remix build)…");
  try {
    execFileSync(path.join(projectRoot, "node_modules", ".bin", "remix"), ["build"], { cwd: projectRoot, stdio: ["ignore", "ignore", "inherit"] });
  } catch {
    die("сборка приложения не удалась (см. сообщения выше).");
  }
}

npmPackages();
debianPackages(DEBIAN[purpose] ?? []);
if (!process.env.MONGODB_URI) {
  try {
    ensurePrivateGlibc(log);
  } catch (error) {
    die(error.message);
  }
}
if (purpose !== "tools") remixBuild();
