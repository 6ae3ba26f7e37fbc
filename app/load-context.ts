// Types the app shares with the Remix runtime: what the Express server hands every loader and
// action besides the request, and the single-fetch data shapes of the v3 future flag.
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    /** A multipart form parsed by multer on the Express server (app/files/multipart.server.ts). */
    upload?: unknown;
  }
  interface Future {
    v3_singleFetch: true;
  }
}
export {};
