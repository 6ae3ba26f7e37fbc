// The verify page's check of a credential someone pasted or sent. Cheap questions come first — is it
// shaped as this registry issues them, is there a record of its issue, is its key that school's —
// and the expensive proof check (JSON-LD canonicalisation) runs only on a text near the size of the
// one issued: a padded document never costs more than a few genuine ones. What the page shows comes
// from the registry's records (the school, the achievements, the moment of issue), not from the
// pasted text, and names no person.
import crypto from "node:crypto";
import * as vc from "@digitalbazaar/vc";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { isDeepStrictEqual } from "node:util";
import { listAchievementTitles } from "~models/achievement.server";
import { findCredentialKey } from "~models/credential-key.server";
import { findCredentialRecord, type IssuedDocument } from "~models/document.server";
import { getSchool } from "~models/school.server";
import { CLR_CONTEXT, OB_CONTEXT, VC_CONTEXT } from "./contexts.server";
import { didOf, registryLoader } from "./issuer.server";
import { credentialInForce, statusEntry } from "./status-list.server";

export interface CredentialVerdict {
  state: "valid" | "revoked" | "altered" | "foreign" | "unreadable";
  /** Why it is unreadable, altered or foreign, in words. */
  reason: string;
  format: "JSON" | "JWT" | null;
  kind: "badge" | "clr" | null;
  /** The school that issued it (from the registry's records). */
  school: string | null;
  issuedAt: string | null;
  achievements: { name: string; date: string }[];
  /** When its issue was withdrawn (null: not withdrawn, or revoked because an achievement no longer holds). */
  revokedAt: string | null;
}

type Json = Record<string, unknown>;
const verdict = (state: CredentialVerdict["state"], reason: string, more: Partial<CredentialVerdict> = {}): CredentialVerdict => ({
  state,
  reason,
  format: null,
  kind: null,
  school: null,
  issuedAt: null,
  achievements: [],
  revokedAt: null,
  ...more,
});

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const BADGE_TYPE = ["VerifiableCredential", "OpenBadgeCredential"];
const CLR_TYPE = ["VerifiableCredential", "ClrCredential"];
/** How the registry writes each kind: the contexts in order, and the type. */
const SHAPES = {
  badge: { context: [VC_CONTEXT, OB_CONTEXT], type: BADGE_TYPE },
  clr: { context: [VC_CONTEXT, CLR_CONTEXT, OB_CONTEXT], type: CLR_TYPE },
} as const;
const kindOf = (credential: Json) => (isDeepStrictEqual(credential.type, BADGE_TYPE) ? "badge" : isDeepStrictEqual(credential.type, CLR_TYPE) ? "clr" : null);
const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/** A credential as the registry shapes it: its contexts exactly, one Data Integrity proof by this installation's key. */
function shapedAsIssued(credential: Json, kind: "badge" | "clr", did: string) {
  const proof = credential.proof;
  return (
    isDeepStrictEqual(credential["@context"], SHAPES[kind].context) &&
    isObject(proof) &&
    proof.type === "DataIntegrityProof" &&
    proof.cryptosuite === "eddsa-rdfc-2022" &&
    typeof proof.verificationMethod === "string" &&
    proof.verificationMethod.startsWith(`${did}#`)
  );
}

/** The Data Integrity proof holds over every field, by one of this installation's keys. */
async function proofHolds(credential: Json, origin: string) {
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: registryLoader(origin),
    // The status is read from the registry itself, below.
    checkStatus: async () => ({ verified: true }),
  });
  return result.verified;
}

const base64urlJson = (part: string): unknown => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

/** A VC-JWT: the credential it carries, whether its signature by one of this installation's keys holds, and the key. */
async function readJwt(token: string, did: string): Promise<{ credential: Json; holds: boolean; kid: string } | null> {
  const [head, body, signature = ""] = token.split(".");
  const header = base64urlJson(head);
  const payload = base64urlJson(body);
  if (!isObject(header) || !isObject(payload)) return null;
  const kid = typeof header.kid === "string" ? header.kid : "";
  if (header.alg !== "EdDSA" || !kid.startsWith(`${did}#`)) return { credential: payload, holds: false, kid };
  const key = await findCredentialKey(kid.slice(did.length + 1));
  if (!key) return { credential: payload, holds: false, kid };
  const verifier = (await Ed25519Multikey.from({ publicKeyMultibase: key.publicKeyMultibase })).verifier();
  const holds = await verifier.verify({ data: new TextEncoder().encode(`${head}.${body}`), signature: Buffer.from(signature, "base64url") });
  const { iss, jti, nbf, ...credential } = payload;
  // The registered claims repeat the credential's own fields (OB 3.0 §8.2); claims that disagree are not as issued.
  const consistent =
    iss === (credential.issuer as Json | undefined)?.id && jti === credential.id && nbf === Math.floor(Date.parse(String(credential.validFrom)) / 1000);
  return { credential, holds: holds && consistent, kid };
}

/** The check of a pasted or sent credential (JSON with its proof, or a VC-JWT). Never throws: what cannot be read is «unreadable». */
export async function checkCredential(input: string, origin: string): Promise<CredentialVerdict> {
  try {
    return await check(input.trim(), origin);
  } catch {
    return verdict("unreadable", "Это не читается как цифровой бейдж: возможно, текст скопирован не целиком.");
  }
}

async function check(text: string, origin: string): Promise<CredentialVerdict> {
  const did = didOf(origin);
  let credential: unknown;
  let format: "JSON" | "JWT";
  let jwt: { holds: boolean; kid: string } | null = null;
  if (text.startsWith("{")) {
    try {
      credential = JSON.parse(text);
    } catch {
      return verdict("unreadable", "Текст не читается как JSON: возможно, он скопирован не целиком.");
    }
    format = "JSON";
  } else if (/^[\w-]+\.[\w-]+\.[\w-]*$/.test(text)) {
    const read = await readJwt(text, did);
    if (!read) return verdict("unreadable", "Это не читается как JWT бейджа.");
    ({ credential } = read);
    jwt = read;
    format = "JWT";
  } else {
    return verdict("unreadable", "Вставьте бейдж целиком: текст JSON (начинается с «{») или JWT (три части через точку).");
  }
  if (!isObject(credential)) return verdict("unreadable", "Это не цифровой бейдж: в тексте нет документа JSON.");
  const kind = kindOf(credential);
  if (!kind) return verdict("unreadable", "Это не цифровой бейдж Open Badges 3.0 и не портфолио CLR 2.0.", { format });
  const issuer = isObject(credential.issuer) ? credential.issuer.id : credential.issuer;
  if (issuer !== did) {
    return verdict(
      "foreign",
      `Этот документ выдан не этим реестром (издатель ${
        typeof issuer === "string" && issuer ? issuer.slice(0, 200) : "не указан"
      }): проверьте его там, где он выдан.`,
      { format, kind }
    );
  }
  const altered = (reason: string) => verdict("altered", reason, { format, kind });
  const record = typeof credential.id === "string" ? await findCredentialRecord({ credentialId: credential.id }) : null;
  if (!record?.credential) return altered("В реестре нет записи о выдаче бейджа с таким идентификатором: он изменён или выдан не здесь.");
  // A badge taken out of a CLR is checked as part of that CLR's issue.
  const whole = record.credential.id === credential.id;
  if ((whole ? record.kind : "badge") !== kind) return altered("Вид документа не совпадает с записью о выдаче.");
  if (!isDeepStrictEqual(credential.credentialStatus, statusEntry(origin, record.schoolId, record.credential.statusIndex))) {
    return altered("Отметка о статусе не совпадает с записью о выдаче.");
  }
  // The key that signed belongs to the school whose record this is: checked before any proof is computed.
  const proof = credential.proof;
  const keyId = jwt ? jwt.kid : isObject(proof) && typeof proof.verificationMethod === "string" ? proof.verificationMethod : "";
  const key = keyId.startsWith(`${did}#`) ? await findCredentialKey(keyId.slice(did.length + 1)) : null;
  if (!key || String(key.schoolId) !== String(record.schoolId)) return altered("Документ подписан не ключом школы, которая его выдала.");
  const holds = jwt ? jwt.holds : await dataIntegrityHolds(text, credential, kind, { record, whole, origin, did });
  if (!holds) return altered("Подпись не сходится: документ изменён после выдачи или подпись повреждена.");
  return { ...(await describe(record, whole ? undefined : credential)), format, kind, state: (await credentialInForce(record)) ? "valid" : "revoked" };
}

/**
 * A JSON credential's proof. The very file issued (its SHA-256) holds as it is. Anything else must be
 * shaped as issued and near the issued size — twice the file for the whole credential (printed
 * otherwise), three times the compact badge for one inside a CLR — before its proof, and each
 * badge's in a CLR, is computed: a padded text never costs more than a few genuine ones.
 */
async function dataIntegrityHolds(
  text: string,
  credential: Json,
  kind: "badge" | "clr",
  { record, whole, origin, did }: { record: IssuedDocument; whole: boolean; origin: string; did: string }
) {
  const facts = record.credential!;
  if (whole && (sha256(text) === record.sha256 || sha256(`${text}\n`) === record.sha256)) return true;
  const partSize = (index: number) => 3 * (facts.partSizes[index] ?? record.size);
  const bound = whole ? 2 * record.size : partSize(facts.parts.indexOf(String(credential.id)));
  if (Buffer.byteLength(text) > bound || !shapedAsIssued(credential, kind, did)) return false;
  let badges: Json[] = [];
  if (kind === "clr") {
    const inside = (credential.credentialSubject as Json | undefined)?.verifiableCredential;
    if (
      !Array.isArray(inside) ||
      !isDeepStrictEqual(
        inside.map((b: unknown) => (isObject(b) ? b.id : null)),
        facts.parts
      )
    )
      return false;
    if (inside.some((b: Json, i) => !shapedAsIssued(b, "badge", did) || Buffer.byteLength(JSON.stringify(b)) > partSize(i))) return false;
    badges = inside;
  }
  if (!(await proofHolds(credential, origin))) return false;
  for (const badge of badges) if (!(await proofHolds(badge, origin))) return false;
  return true;
}

/** What the page says of an issued credential: the school, when, which achievements (one, for a badge out of a CLR). */
async function describe(record: IssuedDocument, part?: Json) {
  const school = await getSchool(record.schoolId);
  const index = part ? record.credential!.parts.indexOf(String(part.id)) : -1;
  const ids = index >= 0 ? [record.credential!.achievementIds[index]] : record.credential!.achievementIds;
  const achievements = await listAchievementTitles({ schoolId: record.schoolId, ids });
  return {
    reason: "",
    school: school?.name ?? null,
    issuedAt: record.issuedAt.toISOString(),
    achievements: achievements.map((a) => ({ name: a.title, date: a.date.toISOString() })),
    revokedAt: record.withdrawnAt?.toISOString() ?? null,
  };
}
