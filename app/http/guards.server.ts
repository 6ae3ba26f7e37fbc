// What every request passes before the app sees it, and what catches an error no page caught.
// Nothing a client sends may end the process: a body the app cannot read is refused here with a
// Russian message, and an error inside one request answers that request alone.
import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { singleton } from "~models/singleton.server";

/** Plain forms are small: anything larger is refused before it is read. */
export const MAX_FORM_BYTES = 256 * 1024;

/** Methods that change nothing: no body is read, no site check is needed. */
export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** The only bodies the pages accept: what an HTML form sends. */
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

// A number that moves on when a request that may change something comes into this process and
// again once the app has answered it (server.ts): what the process keeps between pages
// (app/home/header.server.ts) is kept only while it stands still. On arrival, because the page the
// app renders after an action reads its header in the same request; at the end, because a read
// that began before the action's writes must not be kept.
const changes = singleton("changeEpoch", () => ({ epoch: 0 }));

export const changeEpoch = () => changes.epoch;

/** Something may have changed: what this process keeps between pages is read again. */
export function markChange() {
  changes.epoch++;
}

/** Each request gets an id: in the answer's headers, on an error page, and in the log line about it. */
export function stampRequest(req: Request, res: Response, next: NextFunction) {
  if (!SAFE_METHODS.has(req.method)) markChange();
  const id = crypto.randomBytes(6).toString("hex");
  res.locals.requestId = id;
  res.setHeader("X-Request-Id", id);
  // Loaders read the id and the client's address from here; whatever a client sent under these
  // names is overwritten.
  req.headers["x-registry-request-id"] = id;
  req.headers["x-registry-client-ip"] = req.ip ?? "";
  next();
}

/** The id stampRequest gave the request, as loaders and the renderer see it. */
export const requestIdOf = (request: globalThis.Request) => request.headers.get("x-registry-request-id") ?? "";

/**
 * Answers without reading the body into memory. What the client is still sending is read and
 * dropped (up to a few megabytes, then the connection is cut), so that it sees the answer.
 */
export function refuse(req: Request, res: Response, status: number, text: string) {
  let dropped = 0;
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > 8 * 1024 * 1024) req.destroy();
  });
  req.on("error", () => undefined);
  req.resume();
  res.status(status).type("text/plain; charset=utf-8").send(text);
}

const hasBody = (req: Request) => Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;

/** Only form bodies, never compressed, and plain forms of a sensible size. */
export function formBodiesOnly(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  if (!hasBody(req)) return next();
  const encoding = String(req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding !== "identity") return refuse(req, res, 415, "Сжатые запросы не принимаются: отправьте форму со страницы ещё раз.");
  const type = String(req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) return refuse(req, res, 415, "Сервер принимает только формы со страниц реестра: отправьте форму со страницы ещё раз.");
  if (type !== "multipart/form-data") {
    const length = Number(req.headers["content-length"] ?? (req.headers["transfer-encoding"] ? Infinity : 0));
    if (!(length <= MAX_FORM_BYTES)) return refuse(req, res, 413, "Слишком большой запрос.");
  }
  next();
}

/**
 * The last resort: an error no page caught is logged once with its request id; the process goes on.
 * (Express knows an error handler by its four parameters.)
 */
export function lastResortErrors(error: unknown, _req: Request, res: Response, _next: NextFunction) {
  const id = String(res.locals.requestId ?? "");
  logRequestError(id, error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .status(500)
    .type("text/plain; charset=utf-8")
    .send(`Произошла внутренняя ошибка. Попробуйте ещё раз; если ошибка повторяется, сообщите администратору школы номер запроса ${id}.`);
}

/** One entry in the server's log for an error inside a request, under its id. */
export function logRequestError(id: string, error: unknown) {
  console.error(`[запрос ${id || "-"}] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
