// The registry's HTTP server: Express (for uploads and static files) in front of the Remix app.
// Starts the embedded MongoDB engine unless MONGODB_URI names a server, seeds the demo school on
// the first start of an empty database, and stops everything cleanly on Ctrl-C / SIGTERM.
import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
// The Express adapter's own request and response conversions (its handler would send the answer at once).
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import { createRequestHandler as createRemixHandler, type ServerBuild } from "@remix-run/node";
import express from "express";
import helmet from "helmet";
import { demoWanted, readEnv, type Env } from "~/env.server";
import { connectDatabase, disconnectDatabase, flushToDisk } from "~models/db.server";
import { ensureIndexes } from "~models/index.server";
import { countSchools } from "~models/school.server";
import { publishEngineAddress, startEngine, withdrawEngineAddress, withDatabase, type RunningEngine } from "./scripts/embedded-engine";
import { seedDemoSchool, DEMO_PASSWORD } from "./scripts/demo-school";
import { projectRoot } from "./scripts/glibc.mjs";
import { crossSiteGuard } from "~/auth/cross-site.server";
import { multipartUploads, VERIFY_UPLOAD } from "~/files/multipart.server";
import { formBodiesOnly, lastResortErrors, markChange, SAFE_METHODS, stampRequest } from "~/http/guards.server";
import { watchAbandonedJobs } from "~/archive/jobs.server";
import { watchLetters } from "~/notify/notify.server";
import { instanceSecret } from "~/instance-secret.server";
import { ensureSchoolCertificates } from "~/signature/school-certificate.server";
import { ensureCredentialKeys } from "~/credentials/issuer.server";

let engine: RunningEngine | null = null;
let engineDataDir: string | null = null;
let httpServer: http.Server | null = null;
let stopping = false;
let stopJobWatcher: (() => void) | null = null;
let stopLetterWatcher: (() => Promise<void>) | null = null;

function fail(message: string): never {
  console.error(`Ошибка: ${message}`);
  void shutdown(1);
  throw new Error(message);
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  stopJobWatcher?.();
  await stopLetterWatcher?.();
  await new Promise<void>((resolve) => (httpServer ? httpServer.close(() => resolve()) : resolve()));
  httpServer?.closeAllConnections?.();
  await disconnectDatabase().catch(() => undefined);
  if (engineDataDir) withdrawEngineAddress(engineDataDir);
  await engine?.stop().catch(() => undefined);
  process.exit(code);
}

/** TRUST_PROXY as Express reads it: a number of hops, true/false, or addresses («loopback, 10.0.0.0/8»). */
function trustProxySetting(value: string): number | boolean | string {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === "true" || value === "false") return value === "true";
  return value;
}

async function main() {
  // React and the libraries read this when they load (the app bundle loads below): production
  // unless said otherwise, or every page renders through React's slow development checks.
  process.env.NODE_ENV ??= "production";
  let env: Env;
  try {
    env = readEnv();
  } catch (error) {
    return fail((error as Error).message);
  }

  try {
    if (env.MONGODB_URI) {
      await connectDatabase(env.MONGODB_URI, "external");
    } else {
      engine = await startEngine(env.DATA_DIR);
      await connectDatabase(withDatabase(engine.uri, "registry"), "embedded");
      publishEngineAddress(env.DATA_DIR, withDatabase(engine.uri, "registry"));
      engineDataDir = env.DATA_DIR;
    }
    await ensureIndexes();
    process.env.SESSION_SECRET = instanceSecret(env.DATA_DIR, env.SESSION_SECRET);
  } catch (error) {
    return fail((error as Error).message);
  }

  const seeded = demoWanted(env) ? await seedDemoSchool() : null;
  const schools = await countSchools();
  // Each school can sign from its first document: a self-signed certificate until it uploads its own.
  await ensureSchoolCertificates();
  await ensureCredentialKeys();

  const build = (await import(pathToFileURL(path.join(projectRoot, "build", "index.js")).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", trustProxySetting(process.env.TRUST_PROXY));

  app.use(stampRequest);
  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          "style-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:", "blob:"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "object-src": ["'none'"],
          "upgrade-insecure-requests": null,
        },
      },
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(crossSiteGuard);
  app.use(formBodiesOnly);
  app.use(multipartUploads);
  // public/ holds only the build: no other path is looked up on disk (a lookup on every page cost more than the page's route matching).
  app.use("/build", express.static(path.join(projectRoot, "public", "build"), { immutable: true, maxAge: "1y" }));
  // Remix's Express handler, with one step between the app's answer and sending it: a request
  // that may have changed data waits until the changes are in the engine's files (flushToDisk),
  // so that what a person is told is saved survives the process being killed right after.
  const handle = createRemixHandler(build, process.env.NODE_ENV);
  app.all("*", async (req, res, next) => {
    const mayChange = !SAFE_METHODS.has(req.method);
    try {
      const response = await handle(createRemixRequest(req, res), { cspNonce: res.locals.cspNonce as string, upload: res.locals.upload });
      // The app has done its writes: the page header kept between pages is read again.
      if (mayChange) markChange();
      // A file is issued on opening too (a portfolio with its code): it waits as well.
      // (The verify page's check of a sent file writes nothing.)
      const writes = mayChange && !VERIFY_UPLOAD.test(req.path);
      if (writes || response.headers.has("Content-Disposition")) await flushToDisk();
      await sendRemixResponse(res, response);
    } catch (error) {
      if (mayChange) markChange();
      next(error);
    }
  });
  app.use(lastResortErrors);

  httpServer = http.createServer(app);
  await new Promise<void>((resolve) => {
    httpServer!.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") fail(`порт ${env.PORT} уже занят другой программой; задайте другой PORT.`);
      else if (error.code === "EACCES") fail(`нет прав занять порт ${env.PORT}; задайте PORT больше 1024.`);
      else fail(`сервер не запустился: ${error.message}`);
    });
    httpServer!.listen(env.PORT, env.HOST, () => resolve());
  });

  console.log(`База данных: ${engine ? `встроенная, папка ${env.DATA_DIR} (для других процессов: MONGODB_URI из ${env.DATA_DIR}/engine-address)` : "MONGODB_URI"}`);
  if (seeded) {
    console.log(`Создана демонстрационная школа «${seeded.schoolName}». Входы (пароль у всех: ${DEMO_PASSWORD}):`);
    for (const login of seeded.logins) console.log(`  ${login.login.padEnd(12)} ${login.role}`);
  } else if (schools === 0) {
    console.log("В базе ещё нет школы: создайте её и первого администратора командой npm run school:init (см. README).");
  }
  stopJobWatcher = watchAbandonedJobs();
  stopLetterWatcher = watchLetters();
  // Last, so that whoever waits for this line has everything above it.
  console.log(`Реестр достижений работает: http://localhost:${env.PORT}`);
}

// An error that escaped every handler is logged and the server goes on serving the others: one
// request or one background job never takes the school offline.
process.on("unhandledRejection", (reason) => console.error(`Необработанная ошибка в фоновой работе: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
process.on("uncaughtException", (error) => console.error(`Необработанная ошибка: ${error.stack ?? error.message}`));
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
main().catch((error) => {
  if (!stopping) {
    console.error(`Ошибка: ${error instanceof Error ? error.message : String(error)}`);
    void shutdown(1);
  }
});
