// The school as an issuer of verifiable credentials: its Ed25519 keys (made at the server's first
// start, the secret part sealed), the installation's DID (did:web on its public address) that
// publishes every school's keys, and signing — an embedded Data Integrity proof (eddsa-rdfc-2022)
// and the same credential as a VC-JWT (EdDSA).
import type { Types } from "mongoose";
import * as vc from "@digitalbazaar/vc";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import type { Ed25519KeyPair } from "@digitalbazaar/ed25519-multikey";
import { openKey, sealKey } from "~/signature/key-vault.server";
import { addCredentialKey, currentCredentialKey, findCredentialKey, listCredentialPublicKeys, type CredentialKey } from "~models/credential-key.server";
import { listSchools } from "~models/school.server";
import { DID_CONTEXT, MULTIKEY_CONTEXT, offlineLoader } from "./contexts.server";

const KEY_PURPOSE = "credential-key";

/**
 * The address credentials are issued under: PUBLIC_URL, else the address the server says it serves
 * at. Never the request's Host header, which a client sets: a credential signed for a host someone
 * else controls would verify there, out of the school's reach to revoke.
 */
export function credentialOrigin() {
  if (process.env.PUBLIC_URL) return new URL(process.env.PUBLIC_URL).origin;
  const host = process.env.HOST && !["0.0.0.0", "::"].includes(process.env.HOST) ? process.env.HOST : "localhost";
  // An IPv6 address is written in brackets in a URL.
  return `http://${host.includes(":") ? `[${host}]` : host}:${process.env.PORT || 3000}`;
}

/** A moment as the credentials write it: UTC to the second. */
export const credentialInstant = (at: Date) => `${at.toISOString().slice(0, 19)}Z`;

/** The installation's DID: did:web on the credentials' host (credentialOrigin; a port is written %3A). */
export const didOf = (origin: string) => `did:web:${encodeURIComponent(new URL(origin).host)}`;
/** A key's id in the DID document: the DID and the public key itself as the fragment. */
export const keyIdOf = (did: string, publicKeyMultibase: string) => `${did}#${publicKeyMultibase}`;

/** The school's signing key now, made when it has none (or when its secret no longer opens, see signingKey). */
export async function ensureCredentialKey(schoolId: Types.ObjectId, now = new Date()) {
  return (await currentCredentialKey({ schoolId })) ?? makeKey(schoolId, now);
}

async function makeKey(schoolId: Types.ObjectId, now: Date) {
  const pair = await Ed25519Multikey.generate();
  const { secretKeyMultibase } = await pair.export({ secretKey: true });
  return addCredentialKey({
    schoolId,
    publicKeyMultibase: pair.publicKeyMultibase,
    secret: sealKey(Buffer.from(secretKeyMultibase), KEY_PURPOSE),
    createdAt: now,
  });
}

/** Every school's key, made where missing (at the server's start). */
export async function ensureCredentialKeys() {
  for (const school of await listSchools()) await ensureCredentialKey(school._id);
}

// An opened key per stored key, for the life of the process (a stored key never changes).
const opened = new Map<string, Ed25519KeyPair>();

/** The key pair the school signs with now, its id under this DID. */
async function signingKey(schoolId: Types.ObjectId, did: string) {
  let stored: CredentialKey = await ensureCredentialKey(schoolId);
  const cached = opened.get(keyIdOf(did, stored.publicKeyMultibase));
  if (cached) return cached;
  let secret = openKey(stored.secret as CredentialKey["secret"] & object, KEY_PURPOSE);
  if (!secret) {
    // Sealed under another SESSION_SECRET: a new key signs from now on; the old one stays published.
    console.warn("Ключ подписи цифровых бейджей не расшифровывается (SESSION_SECRET изменился): создан новый ключ.");
    stored = await makeKey(schoolId, new Date());
    secret = openKey(stored.secret as CredentialKey["secret"] & object, KEY_PURPOSE)!;
  }
  const id = keyIdOf(did, stored.publicKeyMultibase);
  const pair = await Ed25519Multikey.from({
    type: "Multikey",
    id,
    controller: did,
    publicKeyMultibase: stored.publicKeyMultibase,
    secretKeyMultibase: secret.toString(),
  });
  opened.set(id, pair);
  return pair;
}

/** The installation's DID document: every school's keys, old ones too, so earlier credentials still verify. */
export async function didDocument(origin: string) {
  const did = didOf(origin);
  const keys = await listCredentialPublicKeys();
  const methods = keys.map((k) => ({ id: keyIdOf(did, k.publicKeyMultibase), type: "Multikey", controller: did, publicKeyMultibase: k.publicKeyMultibase }));
  return {
    "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}

/**
 * The loader for signing and checking here: the shipped contexts, and this installation's DID
 * (its document, or one key of it) read from the database. Another DID is not looked up.
 */
export function registryLoader(origin: string) {
  const did = didOf(origin);
  return offlineLoader(async (url) => {
    if (url === did) return didDocument(origin);
    if (!url.startsWith(`${did}#`)) return null;
    const key = await findCredentialKey(url.slice(did.length + 1));
    return key && { "@context": MULTIKEY_CONTEXT, id: url, type: "Multikey", controller: did, publicKeyMultibase: key.publicKeyMultibase };
  });
}

/** The credential with the school's Data Integrity proof (eddsa-rdfc-2022), made at `at`. */
export async function signCredential<T extends object>(credential: T, { schoolId, origin, at }: { schoolId: Types.ObjectId; origin: string; at: Date }) {
  const key = await signingKey(schoolId, didOf(origin));
  const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite, date: at });
  return (await vc.issue({ credential: structuredClone(credential), suite, documentLoader: registryLoader(origin), now: at })) as T & { proof: object };
}

const base64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");

/**
 * The same credential as a VC-JWT (Open Badges 3.0 §8.2): the credential is the payload, with the
 * registered claims iss (the issuer), jti (the credential's id) and nbf (validFrom); EdDSA.
 */
export async function credentialJwt(
  credential: { id: string; issuer: { id: string }; validFrom: string },
  { schoolId, origin }: { schoolId: Types.ObjectId; origin: string }
) {
  const key = await signingKey(schoolId, didOf(origin));
  const header = { alg: "EdDSA", typ: "JWT", kid: key.id };
  const payload = { ...credential, iss: credential.issuer.id, jti: credential.id, nbf: Math.floor(Date.parse(credential.validFrom) / 1000) };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = await key.signer().sign({ data: new TextEncoder().encode(signingInput) });
  return `${signingInput}.${base64url(signature)}`;
}
