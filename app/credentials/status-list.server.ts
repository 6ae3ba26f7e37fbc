// Revocation: each credential has its own bit, drawn at random and never given twice, in its
// school's Bitstring Status List (W3C). A bit is clear only while a credential in force holds it:
// its issue not withdrawn, and every achievement it holds still verified (since before the issue)
// and not replaced. Everything else reads as revoked — a withdrawn issue, an achievement whose
// verification was withdrawn, a record removed when its storage period ended, a bit never used —
// so the list cannot disagree with the records even after a crash between two writes. The list is
// a credential the school signs, served to anyone who checks; its clear bits are the school's
// credentials in force, as many as there are, at random places.
import crypto from "node:crypto";
import type { Types } from "mongoose";
import { createList } from "@digitalbazaar/vc-bitstring-status-list";
import { verifiedInForce } from "~models/achievement.server";
import { reserveStatusBit, unwithdrawnCredentials, type IssuedDocument } from "~models/document.server";
import { VC_CONTEXT } from "./contexts.server";
import { credentialInstant, didOf, signCredential } from "./issuer.server";

/** Bits per list: 131,072 (16 KB), the smallest the standard allows. */
export const LIST_LENGTH = 131_072;
/** The lists a school's bits are drawn from (the status address serves these only). */
export const STATUS_LISTS = 3;

export const statusListUrl = (origin: string, schoolId: Types.ObjectId | string, list: number) => `${origin}/credentials/status/${schoolId}/${list}.json`;

/**
 * A bit for a new credential, at random, so that bits tell nothing of the order of issue; one ever
 * given is drawn again, and after four misses in a row the next list is used.
 */
export async function takeStatusBit(schoolId: Types.ObjectId) {
  for (let attempt = 0; attempt < 4 * STATUS_LISTS; attempt++) {
    const index = Math.floor(attempt / 4) * LIST_LENGTH + crypto.randomInt(LIST_LENGTH);
    if (await reserveStatusBit({ schoolId, index })) return index;
  }
  throw new Error("no free status bit");
}

/** A credential's status entry: its bit (statusIndex) in list number floor(index / LIST_LENGTH) + 1. */
export function statusEntry(origin: string, schoolId: Types.ObjectId, index: number) {
  const url = statusListUrl(origin, schoolId, Math.floor(index / LIST_LENGTH) + 1);
  const bit = index % LIST_LENGTH;
  return { id: `${url}#${bit}`, type: "BitstringStatusListEntry", statusPurpose: "revocation", statusListIndex: String(bit), statusListCredential: url };
}

/** Of these credentials (not withdrawn), the bits of those whose achievements were all verified by their issue and still are. */
async function inForce(
  schoolId: Types.ObjectId | string,
  credentials: { issuedAt: Date; credential: { statusIndex: number; achievementIds: Types.ObjectId[] } }[]
) {
  const verified = await verifiedInForce({ schoolId, ids: credentials.flatMap((c) => c.credential.achievementIds) });
  // A verification newer than the issue is another one (withdrawn and given again): the credential does not come back.
  const verifiedBy = (id: Types.ObjectId, issuedAt: Date) => verified.has(String(id)) && (verified.get(String(id))?.getTime() ?? 0) <= issuedAt.getTime();
  const holds = (c: (typeof credentials)[number]) => c.credential.achievementIds.every((id) => verifiedBy(id, c.issuedAt));
  return new Set(credentials.filter(holds).map((c) => c.credential.statusIndex));
}

/** Whether one issued credential is in force (the verify page's «действителен»). */
export async function credentialInForce(record: Pick<IssuedDocument, "schoolId" | "issuedAt" | "withdrawnAt" | "credential">) {
  if (record.withdrawnAt || !record.credential) return false;
  return (await inForce(record.schoolId, [{ issuedAt: record.issuedAt, credential: record.credential }])).size === 1;
}

/** The school's status list number `list`, signed now: every bit set but those of the credentials in force. */
export async function statusListCredential({
  origin,
  schoolId,
  list,
  now = new Date(),
}: {
  origin: string;
  schoolId: Types.ObjectId;
  list: number;
  now?: Date;
}) {
  const first = (list - 1) * LIST_LENGTH;
  const holding = await inForce(schoolId, await unwithdrawnCredentials({ schoolId, from: first, to: first + LIST_LENGTH }));
  const bits = await createList({ length: LIST_LENGTH });
  for (let bit = 0; bit < LIST_LENGTH; bit++) if (!holding.has(first + bit)) bits.setStatus(bit, true);
  const url = statusListUrl(origin, schoolId, list);
  const credential = {
    "@context": [VC_CONTEXT],
    id: url,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: didOf(origin),
    validFrom: credentialInstant(now),
    credentialSubject: { id: `${url}#list`, type: "BitstringStatusList", statusPurpose: "revocation", encodedList: await bits.encode() },
  };
  return signCredential(credential, { schoolId, origin, at: now });
}
