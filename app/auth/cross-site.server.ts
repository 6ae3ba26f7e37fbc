import type { NextFunction, Request, Response } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard: a request that changes something must come from this site.
 * Browsers send Origin on every POST and Sec-Fetch-Site on every request; a request with neither
 * (a script with its own cookie, not a browser) carries no ambient credentials to abuse.
 */
export function crossSiteGuard(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  const origin = req.headers.origin;
  const fetchSite = req.headers["sec-fetch-site"];
  const forwarded = req.app.get("trust proxy") ? String(req.headers["x-forwarded-host"] ?? "").split(",")[0].trim() : "";
  const host = forwarded || req.headers.host;
  let sameOrigin = true;
  if (origin && origin !== "null") {
    try {
      sameOrigin = new URL(origin).host === host;
    } catch {
      sameOrigin = false;
    }
  } else if (origin === "null") {
    sameOrigin = false;
  } else if (fetchSite) {
    sameOrigin = fetchSite === "same-origin" || fetchSite === "none";
  }
  if (sameOrigin) return next();
  res.status(403).type("text/plain; charset=utf-8").send("Запрос с другого сайта отклонён (защита от подделки запросов).");
}
