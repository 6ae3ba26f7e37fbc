// Revocation: each credential has its own bit in its school's Bitstring Status List (W3C); the
// bit is set when the credential's issue is withdrawn — by hand, or because an achievement it holds
// lost its verification. The list is a credential the school signs, served to anyone who checks.
import type { Types } from "mongoose";
import { createList } from "@digitalbazaar/vc-bitstring-status-list";
import { withdrawnStatusIndexes } from "~models/document.server";
import { VC_CONTEXT } from "./contexts.server";
import { didOf, signCredential } from "./issuer.server";

/** Bits per list: 131,072 (16 KB), the smallest the standard allows, so no list tells how few credentials a school issued. */
export const LIST_LENGTH = 131_072;

export const statusListUrl = (origin: string, schoolId: Types.ObjectId | string, list: number) => `${origin}/credentials/status/${schoolId}/${list}.json`;

/** A credential's status entry: its bit (statusIndex) in list number floor(index / LIST_LENGTH) + 1. */
export function statusEntry(origin: string, schoolId: Types.ObjectId, index: number) {
  const url = statusListUrl(origin, schoolId, Math.floor(index / LIST_LENGTH) + 1);
  const bit = index % LIST_LENGTH;
  return { id: `${url}#${bit}`, type: "BitstringStatusListEntry", statusPurpose: "revocation", statusListIndex: String(bit), statusListCredential: url };
}

/** The school's status list number `list`, signed now: a set bit is a withdrawn credential. */
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
  const bits = await createList({ length: LIST_LENGTH });
  const first = (list - 1) * LIST_LENGTH;
  for (const index of await withdrawnStatusIndexes({ schoolId })) if (index >= first && index < first + LIST_LENGTH) bits.setStatus(index - first, true);
  const url = statusListUrl(origin, schoolId, list);
  const credential = {
    "@context": [VC_CONTEXT],
    id: url,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: didOf(origin),
    validFrom: `${now.toISOString().slice(0, 19)}Z`,
    credentialSubject: { id: `${url}#list`, type: "BitstringStatusList", statusPurpose: "revocation", encodedList: await bits.encode() },
  };
  return signCredential(credential, { schoolId, origin, at: now });
}
