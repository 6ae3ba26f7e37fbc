// The JSON-LD contexts the school's credentials use, shipped with the app: signing and checking a
// credential never reaches the network (a context fetched at checking time could be changed under
// the credential, and a school may sit behind a firewall).
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import { contexts as multikeyContexts } from "@digitalbazaar/multikey-context";
import type { DocumentLoader } from "@digitalbazaar/vc";
import clrContext from "./contexts/clr-context-2.0.1.json";
import didContext from "./contexts/did-v1.json";
import obContext from "./contexts/ob-context-3.0.3.json";

export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
export const CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";
export const DID_CONTEXT = "https://www.w3.org/ns/did/v1";
export const MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1";

const CONTEXTS = new Map<string, unknown>([
  ...credentialsContexts,
  ...multikeyContexts,
  [OB_CONTEXT, obContext],
  [CLR_CONTEXT, clrContext],
  [DID_CONTEXT, didContext],
]);

/** A document loader that knows the shipped contexts and asks `resolve` for anything else (the school's DID); nothing goes to the network. */
export function offlineLoader(resolve: (url: string) => Promise<unknown | null>): DocumentLoader {
  return async (url) => {
    const document = CONTEXTS.get(url) ?? (await resolve(url));
    if (!document) throw new Error(`документ ${url} не входит в состав реестра`);
    return { contextUrl: null, documentUrl: url, document };
  };
}
