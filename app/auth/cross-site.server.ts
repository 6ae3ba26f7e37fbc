import type { NextFunction, Request, Response } from "express";
import { refuse, SAFE_METHODS } from "~/http/guards.server";

/** Whether the request's Origin or Sec-Fetch-Site shows a page of this site; null when it has neither. */
function fromThisSite(req: Request): boolean | null {
  const origin = req.headers.origin;
  const fetchSite = req.headers["sec-fetch-site"];
  if (origin && origin !== "null") {
    const forwarded = req.app.get("trust proxy") ? String(req.headers["x-forwarded-host"] ?? "").split(",")[0].trim() : "";
    try {
      return new URL(origin).host === (forwarded || req.headers.host);
    } catch {
      return false;
    }
  }
  // A page's own form sent the old way (not by the page's script: a file download) carries
  // «Origin: null» under the no-referrer policy; the browser's Sec-Fetch-Site still says whose page it was.
  if (fetchSite) return fetchSite === "same-origin" || fetchSite === "none";
  if (origin === "null") return false;
  return null;
}

/**
 * Cross-site request forgery guard: a request that changes something must come from this site.
 * Every current browser sends Origin on a POST and Sec-Fetch-Site on every request; a request with
 * neither did not come from a page and is refused as well.
 */
export function crossSiteGuard(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  const verdict = fromThisSite(req);
  if (verdict === true) return next();
  if (verdict === null) return refuse(req, res, 403, "Запрос отклонён: он отправлен не со страницы реестра. Откройте страницу в браузере и отправьте форму там.");
  refuse(req, res, 403, "Запрос с другого сайта отклонён (защита от подделки запросов).");
}
