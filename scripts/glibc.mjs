// The embedded MongoDB engine needs glibc 2.38 or newer. Where the system's is older (Debian 12
// has 2.36), Debian 13's libc6 is fetched into a cache folder of the project, never installed
// into the system, and only the engine's process is started through its loader.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = path.join(projectRoot, ".cache", "libc6");
const libDir = path.join(cacheDir, "root", "usr", "lib", "x86_64-linux-gnu");
const loader = path.join(libDir, "ld-linux-x86-64.so.2");
const REQUIRED = [2, 38];

/** The system glibc version as [major, minor], or null where there is none (musl, macOS). */
export function systemGlibc() {
  const report = process.report?.getReport?.();
  const version = report?.header?.glibcVersionRuntime;
  if (!version) return null;
  const [major, minor] = String(version).split(".").map(Number);
  return [major, minor];
}

export function needsPrivateGlibc() {
  const version = systemGlibc();
  if (!version || process.platform !== "linux") return false;
  return version[0] < REQUIRED[0] || (version[0] === REQUIRED[0] && version[1] < REQUIRED[1]);
}

/**
 * How to start a Node script for the engine: the plain node binary, or node through the private
 * loader. Throws with a clear message when the private libc is needed but missing.
 */
export function engineCommand(script, args) {
  if (!needsPrivateGlibc()) return { command: process.execPath, args: [script, ...args] };
  if (!fs.existsSync(loader)) {
    throw new Error(
      "Встроенной СУБД нужна glibc ≥ 2.38, а частная копия не скачана: выполните `npm start` " +
        "(он скачает libc6 Debian 13 в .cache/libc6) или задайте MONGODB_URI.",
    );
  }
  return {
    command: loader,
    args: ["--library-path", `${libDir}:/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu`, process.execPath, script, ...args],
  };
}

/** Fetches Debian 13's libc6 into the cache with an apt state of the project's own. */
export function ensurePrivateGlibc(log = console.log) {
  if (!needsPrivateGlibc() || fs.existsSync(loader)) return;
  if (process.arch !== "x64") {
    throw new Error("Встроенная СУБД на этой платформе требует glibc ≥ 2.38: обновите систему или задайте MONGODB_URI.");
  }
  if (!fs.existsSync("/usr/bin/apt-get")) {
    throw new Error("Нет apt-get, чтобы скачать libc6 Debian 13 для встроенной СУБД: задайте MONGODB_URI.");
  }
  log("Системная glibc старше 2.38: скачиваю libc6 из Debian 13 в .cache/libc6 (в систему ничего не ставится)…");
  const apt = path.join(cacheDir, "apt");
  for (const dir of ["state/lists/partial", "cache/archives/partial", "etc", "debs"]) {
    fs.mkdirSync(path.join(apt, dir), { recursive: true });
  }
  const sources = path.join(apt, "etc", "sources.list");
  fs.writeFileSync(
    sources,
    "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main\n",
  );
  const options = [
    `-o`, `Dir::State=${path.join(apt, "state")}`,
    `-o`, `Dir::State::status=/var/lib/dpkg/status`,
    `-o`, `Dir::Cache=${path.join(apt, "cache")}`,
    `-o`, `Dir::Etc::SourceList=${sources}`,
    `-o`, `Dir::Etc::SourceParts=${path.join(apt, "etc", "none")}`,
    `-o`, `Debug::NoLocking=1`,
    `-o`, `APT::Sandbox::User=root`,
  ];
  try {
    execFileSync("apt-get", [...options, "-qq", "update"], { stdio: ["ignore", "ignore", "inherit"] });
    const debs = path.join(apt, "debs");
    execFileSync("apt-get", [...options, "-qq", "download", "libc6"], { cwd: debs, stdio: ["ignore", "ignore", "inherit"] });
    const deb = fs.readdirSync(debs).find((name) => name.startsWith("libc6_") && name.endsWith(".deb"));
    if (!deb) throw new Error("apt-get download libc6 не оставил .deb");
    const root = path.join(cacheDir, "root");
    fs.rmSync(root, { recursive: true, force: true });
    execFileSync("dpkg", ["-x", path.join(debs, deb), root]);
  } catch (error) {
    throw new Error(
      `Не удалось скачать libc6 Debian 13 для встроенной СУБД (${error.message.split("\n")[0]}). ` +
        "Проверьте доступ к репозиторию Debian или задайте MONGODB_URI.",
    );
  }
  if (!fs.existsSync(loader)) throw new Error("В пакете libc6 нет загрузчика ld-linux-x86-64.so.2");
}
