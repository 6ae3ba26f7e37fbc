import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { ServerFactsProvider, type ServerFacts } from "~/components/server-facts";
import { installationHoldsDemo } from "~models/school.server";
import { logRequestError, requestIdOf } from "~/http/guards.server";

const ABORT_DELAY = 5_000;

/**
 * React 18's streaming renderer can leave NUL bytes where a chunk ends next to a multi-byte
 * character (react/react#24985, #31134): in Russian text they showed up in the middle of words.
 * A NUL never belongs in HTML and is never part of a UTF-8 sequence, so every one is dropped.
 */
function withoutNulBytes() {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, chunk.includes(0) ? Buffer.from(chunk.filter((byte) => byte !== 0)) : chunk);
    },
  });
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = String(loadContext.cspNonce ?? "");
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  const facts: ServerFacts = { demo: await installationHoldsDemo(), requestId: requestIdOf(request) };
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <ServerFactsProvider value={facts}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </ServerFactsProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = withoutNulBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged on the server only; the page shows a Russian message.
          if (shellRendered) logRequestError(requestIdOf(request), error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * A missing page or a form sent where none is taken is one info line; an unexpected error is logged
 * once under the request's id, which its error page shows. No request data (it may hold children's
 * personal data).
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) {
    console.info(`${error.status} ${request.method} ${new URL(request.url).pathname}`);
    return;
  }
  logRequestError(requestIdOf(request), error);
}
