// The verify page's check of a credential someone pasted or sent: whether this registry issued it,
// whether its proof holds over every field (the Data Integrity proof, or the VC-JWT's signature),
// and whether it was revoked. It answers with the issuer and the achievements, no person.
import * as vc from "@digitalbazaar/vc";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { findCredentialByStatusIndex } from "~models/document.server";
import { findCredentialKey } from "~models/credential-key.server";
import { getSchool } from "~models/school.server";
import { didOf, registryLoader } from "./issuer.server";
import { LIST_LENGTH, statusListUrl } from "./status-list.server";

export interface CredentialVerdict {
  state: "valid" | "revoked" | "altered" | "foreign" | "unreadable";
  /** Why it is unreadable or altered, in words. */
  reason: string;
  format: "JSON" | "JWT" | null;
  kind: "badge" | "clr" | null;
  /** The school whose key signed it (from the registry, not from the credential). */
  school: string | null;
  issuer: string | null;
  validFrom: string | null;
  achievements: { name: string; description: string }[];
  revokedAt: string | null;
  revokeReason: string | null;
}

type Json = Record<string, unknown>;
const verdict = (state: CredentialVerdict["state"], reason: string, more: Partial<CredentialVerdict> = {}): CredentialVerdict => ({
  state,
  reason,
  format: null,
  kind: null,
  school: null,
  issuer: null,
  validFrom: null,
  achievements: [],
  revokedAt: null,
  revokeReason: null,
  ...more,
});

const typesOf = (credential: Json) => [credential.type].flat().map(String);
const kindOf = (credential: Json) =>
  typesOf(credential).includes("ClrCredential")
    ? "clr"
    : typesOf(credential).some((t) => t === "OpenBadgeCredential" || t === "AchievementCredential")
    ? "badge"
    : null;
const issuerId = (credential: Json) => (typeof credential.issuer === "string" ? credential.issuer : String((credential.issuer as Json | undefined)?.id ?? ""));
const text = (value: unknown) => (typeof value === "string" ? value.slice(0, 500) : "");

/** What the credential's achievements say (a badge's one, or each badge inside a CLR). */
function achievementsOf(credential: Json) {
  const subject = (credential.credentialSubject ?? {}) as Json;
  const badges = kindOf(credential) === "clr" ? ([subject.verifiableCredential].flat().filter(Boolean) as Json[]) : [credential];
  return badges.slice(0, 500).map((badge) => {
    const achievement = ((badge.credentialSubject ?? {}) as Json).achievement as Json | undefined;
    return { name: text(achievement?.name), description: text(achievement?.description) };
  });
}

/** The proof of an embedded credential or a whole one: holds over every field, by this installation's key? */
async function proofHolds(credential: Json, origin: string) {
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: registryLoader(origin),
    // Revocation is read below from the registry itself.
    checkStatus: async () => ({ verified: true }),
  });
  return result.verified;
}

/** The id of the key that signed: the JWT's kid, or the Data Integrity proof's verification method. */
const signingKeyOf = (credential: Json, jwtKid: string | null) =>
  jwtKid ?? String(([credential.proof].flat()[0] as Json | undefined)?.verificationMethod ?? "");

const base64urlJson = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Json;

/** A VC-JWT: its signature by one of this installation's keys, and the credential it carries. */
async function readJwt(token: string, origin: string): Promise<{ credential: Json; holds: boolean; kid: string } | string> {
  const [head, body, signature] = token.split(".");
  let header: Json;
  let payload: Json;
  try {
    header = base64urlJson(head);
    payload = base64urlJson(body);
  } catch {
    return "Это не читается как JWT: части не в формате base64url JSON.";
  }
  const did = didOf(origin);
  const kid = String(header.kid ?? "");
  if (header.alg !== "EdDSA" || !kid.startsWith(`${did}#`)) return "";
  const key = await findCredentialKey(kid.slice(did.length + 1));
  if (!key) return "";
  const verifier = (await Ed25519Multikey.from({ publicKeyMultibase: key.publicKeyMultibase })).verifier();
  const holds = await verifier.verify({ data: new TextEncoder().encode(`${head}.${body}`), signature: Buffer.from(signature ?? "", "base64url") });
  const { iss, jti, nbf, ...credential } = payload;
  // The registered claims repeat the credential's own fields; a JWT whose claims disagree is not ours as issued.
  const consistent = iss === issuerId(credential) && jti === credential.id && nbf === Math.floor(Date.parse(String(credential.validFrom)) / 1000);
  return { credential, holds: holds && consistent, kid };
}

/** The record of the credential's status entry, when the entry points into one of this registry's lists. */
async function statusRecord(credential: Json, origin: string) {
  const entry = credential.credentialStatus as Json | undefined;
  const url = String(entry?.statusListCredential ?? "");
  const match = /\/credentials\/status\/([0-9a-f]{24})\/(\d+)\.json$/.exec(url);
  if (!entry || !match || url !== statusListUrl(origin, match[1], Number(match[2]))) return null;
  const statusIndex = (Number(match[2]) - 1) * LIST_LENGTH + Number(entry.statusListIndex);
  if (!Number.isInteger(statusIndex)) return null;
  return findCredentialByStatusIndex({ schoolId: match[1], statusIndex });
}

/** The check of a pasted or sent credential (JSON with its proof, or a VC-JWT). */
export async function checkCredential(input: string, origin: string): Promise<CredentialVerdict> {
  const trimmed = input.trim();
  let credential: Json;
  let format: "JSON" | "JWT";
  let holds: boolean | null = null;
  let jwtKid: string | null = null;
  if (trimmed.startsWith("{")) {
    try {
      credential = JSON.parse(trimmed) as Json;
    } catch {
      return verdict("unreadable", "Текст не читается как JSON: возможно, он скопирован не целиком.");
    }
    format = "JSON";
  } else if (/^[\w-]+\.[\w-]+\.[\w-]*$/.test(trimmed)) {
    const read = await readJwt(trimmed, origin);
    if (typeof read === "string")
      return read ? verdict("unreadable", read) : verdict("foreign", "Этот JWT подписан не ключом этого реестра: проверьте его там, где он выдан.");
    ({ credential, holds } = read);
    jwtKid = read.kid;
    format = "JWT";
  } else {
    return verdict("unreadable", "Вставьте бейдж целиком: текст JSON (начинается с «{») или JWT (три части через точку).");
  }
  if (typeof credential !== "object" || credential === null || Array.isArray(credential))
    return verdict("unreadable", "Это не цифровой бейдж: в тексте нет документа JSON.");
  const kind = kindOf(credential);
  if (!kind) return verdict("unreadable", "Это не цифровой бейдж Open Badges 3.0 и не портфолио CLR 2.0.", { format });
  const issuer = issuerId(credential);
  if (issuer !== didOf(origin))
    return verdict("foreign", `Этот документ выдан не этим реестром (издатель ${issuer.slice(0, 200) || "не указан"}): проверьте его там, где он выдан.`, {
      format,
      kind,
    });
  const facts = {
    format,
    kind,
    issuer: text((credential.issuer as Json | undefined)?.name),
    validFrom: text(credential.validFrom),
    achievements: achievementsOf(credential),
  } as const;
  try {
    if (holds === null) holds = await proofHolds(credential, origin);
    // Inside a CLR each badge carries its own proof: all must hold.
    if (holds && kind === "clr") {
      for (const badge of [((credential.credentialSubject ?? {}) as Json).verifiableCredential].flat() as Json[])
        if (!(await proofHolds(badge, origin))) holds = false;
    }
  } catch {
    holds = false;
  }
  if (!holds) return verdict("altered", "Подпись не сходится: документ изменён после выдачи или подпись повреждена.", facts);
  const record = await statusRecord(credential, origin);
  // The key that signed it and the list its status is in belong to one school.
  const signer = await findCredentialKey(signingKeyOf(credential, jwtKid).slice(didOf(origin).length + 1));
  if (!record || !signer || String(signer.schoolId) !== String(record.schoolId)) {
    return verdict("altered", "Отметка о статусе указывает не на список отзыва школы, подписавшей документ.", facts);
  }
  const school = await getSchool(record.schoolId);
  const more = { ...facts, school: school?.name ?? null };
  if (record.withdrawnAt) return verdict("revoked", "", { ...more, revokedAt: record.withdrawnAt.toISOString(), revokeReason: record.withdrawReason || null });
  return verdict("valid", "", more);
}
