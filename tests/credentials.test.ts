// Verified achievements leave as Open Badges 3.0 credentials and the portfolio as a CLR 2.0
// credential. They are checked here with implementations no one here wrote: Digital Bazaar's
// @digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite and its Bitstring Status List checker
// (a static document loader: the standard contexts, and the DID document and status list as the
// app serves them over HTTP), Node's own Ed25519 for the VC-JWT, and Ajv with 1EdTech's JSON Schemas.
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as vc from "@digitalbazaar/vc";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import { contexts as multikeyContexts } from "@digitalbazaar/multikey-context";
import { checkStatus } from "@digitalbazaar/vc-bitstring-status-list";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import Ajv2019 from "ajv/dist/2019";
import addFormats from "ajv-formats";
import mongoose, { type Types } from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { AchievementModel } from "~models/achievement.server";
import { CredentialKeyModel } from "~models/credential-key.server";
import { IssuedDocumentModel, reserveStatusBit } from "~models/document.server";
import { StudentModel } from "~models/student.server";
import { UserModel } from "~models/user.server";
import { demoIds, thisSchoolYear } from "./demo-ids";
import { useDemoServer } from "./setup/demo-server";
import { get, pageText, post, signInHttp } from "./setup/http";

const demo = useDemoServer("credentials");
let ids: Awaited<ReturnType<typeof demoIds>>;
const cookies: Record<string, string> = {};
let child: { lastName: string; firstName: string; middleName: string };
beforeAll(async () => {
  ids = await demoIds();
  for (const login of ["admin", "parent", "parent2", "student"]) cookies[login] = await signInHttp(demo.server.url, login);
  child = (await StudentModel.findById(ids.childA).lean<typeof child>())!;
});

type Json = Record<string, unknown> & { credentialSubject: Record<string, unknown> };
const root = path.resolve(import.meta.dirname, "..");
const standardFile = (file: string) => JSON.parse(fs.readFileSync(path.join(root, "app/credentials", file), "utf8"));
const didContext = JSON.parse(fs.readFileSync(createRequire(import.meta.url).resolve("did-context/contexts/did-v1.jsonld"), "utf8"));

/**
 * The verifier's document loader: the standard contexts (the Digital Bazaar packages; the 1EdTech
 * files the app ships, as published), and whatever the app serves at the URLs the credential names.
 */
async function verifierLoader() {
  const documents = new Map<string, unknown>([
    ...credentialsContexts,
    ...multikeyContexts,
    ["https://www.w3.org/ns/did/v1", didContext],
    ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", standardFile("contexts/ob-context-3.0.3.json")],
    ["https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json", standardFile("contexts/clr-context-2.0.1.json")],
  ]);
  // did:web:localhost%3A<port> resolves to http(s)://localhost:<port>/.well-known/did.json.
  const didDocument = (await (await fetch(`${demo.server.url}/.well-known/did.json`)).json()) as { id: string; verificationMethod: { id: string }[] };
  documents.set(didDocument.id, didDocument);
  for (const method of didDocument.verificationMethod) documents.set(method.id, { "@context": "https://w3id.org/security/multikey/v1", ...method });
  return async (url: string) => {
    let document = documents.get(url);
    if (!document && url.startsWith(demo.server.url)) document = await (await fetch(url)).json();
    if (!document) throw new Error(`not in the static loader: ${url}`);
    return { contextUrl: null, documentUrl: url, document };
  };
}

/**
 * What Digital Bazaar's verifier says of a credential: whether its proof (and the signed status list)
 * holds, and its bit in the status list (set: revoked; null: no status entry read).
 */
async function independentlyVerified(credential: object) {
  const documentLoader = await verifierLoader();
  const suite = new DataIntegrityProof({ cryptosuite });
  const result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader,
    checkStatus: (options) => checkStatus({ ...options, documentLoader, suite, verifyBitstringStatusListCredential: true }),
  });
  const statuses = (result.statusResult as { results?: { status: boolean }[] } | undefined)?.results;
  return { verified: result.verified, error: result.error, revoked: statuses ? statuses.some((r) => r.status) : null };
}

const download = async (pathname: string, cookie: string) => {
  const response = await get(demo.server.url, pathname, cookie);
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    disposition: response.headers.get("content-disposition"),
    text: await response.text(),
  };
};

/** The verify page's answer to a pasted credential (the form's multipart post, as the browser sends it). */
async function verifyPage(text: string) {
  const form = new FormData();
  form.append("credential", text);
  const response = await fetch(`${demo.server.url}/verify/credential`, { method: "POST", body: form, headers: { Origin: demo.server.url } });
  return { status: response.status, text: pageText(await response.text()) };
}

const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const validBadge = ajv.compile(standardFile("schemas/ob_v3p0_achievementcredential_schema.json"));
const validClr = ajv.compile(standardFile("schemas/clr_v2p0_clrcredential_schema.json"));

describe("an achievement's Open Badges 3.0 credential", () => {
  let badge: Json;
  let badgeText: string;

  beforeAll(async () => {
    const file = await download(`/family/${ids.childA}/badges/${ids.achievementA}.json`, cookies.parent);
    expect(file.status).toBe(200);
    expect(file.type).toBe("application/ld+json");
    expect(file.disposition).toMatch(/^attachment;/);
    badgeText = file.text;
    badge = JSON.parse(file.text) as Json;
  });

  it("verifies with Digital Bazaar's verifier, status list included; one changed field fails", async () => {
    const result = await independentlyVerified(badge);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    expect(result.revoked).toBe(false);
    const changed = structuredClone(badge) as Json & { credentialSubject: { achievement: { name: string } } };
    changed.credentialSubject.achievement.name = `${changed.credentialSubject.achievement.name} (победитель)`;
    expect((await independentlyVerified(changed)).verified).toBe(false);
    const otherDate = { ...structuredClone(badge), validFrom: "2020-01-01T00:00:00Z" };
    expect((await independentlyVerified(otherDate)).verified).toBe(false);
  });

  it("holds what OB 3.0 asks and validates against 1EdTech's JSON Schema", async () => {
    expect(validBadge(badge), JSON.stringify(validBadge.errors)).toBe(true);
    const achievement = (await AchievementModel.findById(ids.achievementA).lean<{ title: string; kind: string }>())!;
    const subject = badge.credentialSubject as { achievement: Record<string, unknown>; identifier: Record<string, unknown>[] };
    expect(badge.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(subject.achievement.name).toBe(achievement.title);
    expect(subject.achievement.achievementType).toMatch(/^(Award|Certificate|CommunityService|Membership|Achievement|CertificateOfCompletion|Competency)$/);
    expect((subject.achievement.criteria as { narrative: string }).narrative).toMatch(/подтвержд/);
    expect(badge.issuer).toMatchObject({
      id: `did:web:${encodeURIComponent(new URL(demo.server.url).host)}`,
      type: ["Profile"],
      name: expect.stringContaining("Средняя общеобразовательная школа"),
      url: demo.server.url,
    });
    // Evidence is the public verify page of this very issue, never the scan.
    const evidence = badge.evidence as { id: string }[];
    expect(evidence).toHaveLength(1);
    expect(evidence[0].id).toMatch(new RegExp(`^${demo.server.url}/verify/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$`));
    expect(badgeText).not.toMatch(/\/files\//);
    // The recipient: a salted SHA-256 of the registry's identifier of the child.
    expect(subject.identifier).toHaveLength(1);
    const [hashed] = subject.identifier;
    expect(hashed).toMatchObject({ type: "IdentityObject", identityType: "identifier", hashed: true });
    const expected = crypto
      .createHash("sha256")
      .update(`${ids.childA}${hashed.salt as string}`)
      .digest("hex");
    expect(hashed.identityHash).toBe(`sha256$${expected}`);
  });

  it("holds nothing the family did not choose: no name by default, the name when ticked", async () => {
    for (const part of [child.lastName, child.firstName, child.middleName].filter(Boolean)) expect(badgeText).not.toContain(part);
    const named = await download(`/family/${ids.childA}/badges/${ids.achievementA}.json?name=on`, cookies.parent);
    const identifiers = (JSON.parse(named.text) as Json).credentialSubject.identifier as Record<string, unknown>[];
    expect(identifiers.find((i) => i.identityType === "name")).toMatchObject({ hashed: false, identityHash: expect.stringContaining(child.lastName) });
    expect(validBadge(JSON.parse(named.text))).toBe(true);
  });

  it("is recorded like every issued document: who, when, which achievement, the credential's id", async () => {
    const record = (await IssuedDocumentModel.findOne({ "credential.id": badge.id }).lean<{
      kind: string;
      code: string;
      issuedBy: Types.ObjectId;
      issuedAt: Date;
      studentId: Types.ObjectId;
      credential: { achievementIds: Types.ObjectId[]; named: boolean };
    }>())!;
    const parent = (await UserModel.findOne({ login: "parent" }).lean<{ _id: Types.ObjectId }>())!;
    expect(record.kind).toBe("badge");
    expect(String(record.issuedBy)).toBe(String(parent._id));
    expect(String(record.studentId)).toBe(ids.childA);
    expect(record.credential.achievementIds.map(String)).toEqual([ids.achievementA]);
    expect(record.credential.named).toBe(false);
    expect(record.issuedAt.toISOString().slice(0, 19)).toBe(String(badge.validFrom).slice(0, 19));
    expect((badge.evidence as { id: string }[])[0].id.endsWith(record.code)).toBe(true);
    // The family's page lists it as in force.
    const page = pageText(await (await get(demo.server.url, `/family/${ids.childA}/badges`, cookies.parent)).text());
    expect(page).toContain(record.code);
    expect(page).toContain("действует");
  });

  it("the same credential as a VC-JWT (EdDSA) verifies with Node's Ed25519 against the published key", async () => {
    const file = await download(`/family/${ids.childA}/badges/${ids.achievementA}.json?format=jwt`, cookies.student);
    expect(file.status).toBe(200);
    expect(file.type).toBe("application/jwt");
    const [head, body, signature] = file.text.split(".");
    const header = JSON.parse(Buffer.from(head, "base64url").toString()) as { alg: string; kid: string };
    const payload = JSON.parse(Buffer.from(body, "base64url").toString()) as Json & { iss: string; jti: string; nbf: number };
    expect(header.alg).toBe("EdDSA");
    const didDocument = (await (await fetch(`${demo.server.url}/.well-known/did.json`)).json()) as {
      verificationMethod: { id: string; publicKeyMultibase: string }[];
    };
    const method = didDocument.verificationMethod.find((m) => m.id === header.kid)!;
    // A Multikey Ed25519 public key: multibase «z» (base58btc) of 0xed 0x01 and the 32 bytes of the key.
    const key = crypto.createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(base58Decode(method.publicKeyMultibase.slice(1)).subarray(2)).toString("base64url") },
      format: "jwk",
    });
    expect(crypto.verify(null, Buffer.from(`${head}.${body}`), key, Buffer.from(signature, "base64url"))).toBe(true);
    expect(crypto.verify(null, Buffer.from(`${head}.${body}x`), key, Buffer.from(signature, "base64url"))).toBe(false);
    expect(payload.iss).toBe((payload.issuer as { id: string }).id);
    expect(payload.jti).toBe(payload.id);
    expect(payload.nbf).toBe(Math.floor(Date.parse(String(payload.validFrom)) / 1000));
    expect(payload.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    // The verify page takes the JWT as it is.
    expect((await verifyPage(file.text)).text).toContain("Бейдж подлинный и действителен");
  });

  it("another family's child, an unverified achievement, a private observation, a made-up id: 404, nothing recorded", async () => {
    const before = await IssuedDocumentModel.countDocuments({ kind: { $in: ["badge", "clr"] } });
    // A specialist's observation, verified: it stays inside the school.
    const personal = await verifiedCopy(ids.achievementA, {
      kind: "personal",
      title: "Наблюдение специалиста",
      details: { area: "адаптация", observation: "наблюдение" },
    });
    const refused = [
      await download(`/family/${ids.childA}/badges/${ids.achievementA}.json`, cookies.parent2),
      await download(`/family/${ids.childB}/badges/${ids.achievementA}.json`, cookies.parent2),
      await download(`/family/${ids.childA}/badges/${ids.submittedA}.json`, cookies.parent),
      await download(`/family/${ids.childA}/badges/${personal._id}.json`, cookies.parent),
      await download(`/family/${ids.childA}/badges/${ids.missing}.json`, cookies.parent),
      await download(`/family/${ids.childA}/badges/not-an-id.json`, cookies.parent),
    ];
    expect(refused.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect((await download(`/family/${ids.childA}/badges/${ids.achievementA}.json?format=pdf`, cookies.parent)).status).toBe(400);
    expect(await IssuedDocumentModel.countDocuments({ kind: { $in: ["badge", "clr"] } })).toBe(before);
    // The page offers no credential for what is not verified, nor for a specialist's observation.
    const page = await (await get(demo.server.url, `/family/${ids.childA}/badges`, cookies.parent)).text();
    expect(page).toContain(`/badges/${ids.achievementA}.json`);
    expect(page).not.toContain(`/badges/${ids.submittedA}.json`);
    expect(page).not.toContain(`/badges/${personal._id}.json`);
  });
});

describe("the portfolio as a CLR 2.0 credential", () => {
  it("holds each verified achievement of the chosen year as a signed badge, verifies and validates", async () => {
    const all = await download(`/family/${ids.childA}/clr.json`, cookies.parent);
    expect(all.status).toBe(200);
    const clr = JSON.parse(all.text) as Json;
    expect(validClr(clr), JSON.stringify(validClr.errors)).toBe(true);
    expect(clr.type).toEqual(["VerifiableCredential", "ClrCredential"]);
    const result = await independentlyVerified(clr);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    const inside = clr.credentialSubject.verifiableCredential as Json[];
    const verified = await AchievementModel.countDocuments({ studentId: ids.childA, status: "verified", supersededBy: null, kind: { $ne: "personal" } });
    expect(inside).toHaveLength(verified);
    for (const badge of inside) {
      expect(validBadge(badge), JSON.stringify(validBadge.errors)).toBe(true);
      expect((await independentlyVerified(badge)).verified).toBe(true);
    }
    for (const part of [child.lastName, child.firstName].filter(Boolean)) expect(all.text).not.toContain(part);

    // One school year only: the year's achievements; a year without any is said in words, nothing issued.
    const year = (await AchievementModel.findById(ids.achievementA).lean<{ academicYear: string }>())!.academicYear;
    const oneYear = JSON.parse((await download(`/family/${ids.childA}/clr.json?year=${encodeURIComponent(year)}`, cookies.parent)).text) as Json;
    const ofYear = await AchievementModel.countDocuments({
      studentId: ids.childA,
      status: "verified",
      supersededBy: null,
      kind: { $ne: "personal" },
      academicYear: year,
    });
    expect((oneYear.credentialSubject.verifiableCredential as Json[]).length).toBe(ofYear);
    const issuedBefore = await IssuedDocumentModel.countDocuments({ kind: "clr" });
    const noYear = await download(`/family/${ids.childA}/clr.json?year=2001%2F2002`, cookies.parent);
    expect(noYear.status).toBe(400);
    expect(noYear.text).toContain("нет подтверждённых достижений");
    expect(await IssuedDocumentModel.countDocuments({ kind: "clr" })).toBe(issuedBefore);
  });
});

describe("the verify page for credentials", () => {
  it("says valid, altered, foreign or unreadable, with the issuer and the achievement and no person", async () => {
    const text = (await download(`/family/${ids.childA}/badges/${ids.achievementA}.json?name=on`, cookies.parent)).text;
    const valid = await verifyPage(text);
    expect(valid.status).toBe(200);
    expect(valid.text).toContain("Бейдж подлинный и действителен");
    expect(valid.text).toContain("Средняя общеобразовательная школа");
    const title = (await AchievementModel.findById(ids.achievementA).lean<{ title: string }>())!.title;
    expect(valid.text).toContain(title);
    // The name is in the credential (the family chose it), not on the page.
    expect(valid.text).not.toContain(child.lastName);

    const credential = JSON.parse(text) as Json & { issuer: { name: string; id: string } };
    expect((await verifyPage(JSON.stringify({ ...credential, issuer: { ...credential.issuer, name: "Другая школа" } }))).text).toContain(
      "Бейдж НЕ подтверждается"
    );
    expect((await verifyPage(JSON.stringify({ ...credential, issuer: { ...credential.issuer, id: "did:web:example.org" } }))).text).toContain(
      "выдан не этим реестром"
    );
    expect((await verifyPage("{ это не JSON")).text).toContain("не читается как JSON");
    expect((await verifyPage("просто текст")).text).toContain("Вставьте бейдж целиком");
    expect((await verifyPage(JSON.stringify({ type: ["VerifiableCredential"] }))).text).toContain("не цифровой бейдж");
    expect((await verifyPage("   ")).status).toBe(400);
  });

  it("what was changed, padded or malformed is never «valid» and never stops the server", async () => {
    const text = (await download(`/family/${ids.childA}/badges/${ids.achievementA}.json`, cookies.parent)).text;
    const credential = JSON.parse(text) as Json & { proof: object; "@context": string[]; credentialSubject: { achievement: Json } };
    // Reformatted but unchanged: still valid (the proof is computed, not the file's hash compared).
    expect((await verifyPage(JSON.stringify(credential))).text).toContain("Бейдж подлинный и действителен");
    const altered = [
      { ...credential, proof: [credential.proof, { type: "DataIntegrityProof", proofValue: "z1" }] },
      { ...credential, proof: [{ type: "DataIntegrityProof", proofValue: "z1" }, credential.proof] },
      { ...credential, "@context": [...credential["@context"], { extra: "https://example.org/extra" }] },
      {
        ...credential,
        credentialSubject: { ...credential.credentialSubject, achievement: { ...credential.credentialSubject.achievement, name: { "@value": "Победитель" } } },
      },
      // Padded to megabytes: refused before any proof is computed.
      {
        ...credential,
        credentialSubject: { ...credential.credentialSubject, result: Array.from({ length: 40_000 }, () => ({ type: ["Result"], value: "победитель" })) },
      },
      { ...credential, credentialStatus: { ...(credential.credentialStatus as object), statusListIndex: "5abc" } },
      { ...credential, id: "urn:uuid:00000000-0000-4000-8000-000000000000" },
    ];
    for (const body of altered) expect((await verifyPage(JSON.stringify(body))).text).toContain("Бейдж НЕ подтверждается");
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const deep = `{"type": ${"[".repeat(100_000)}"VerifiableCredential"${"]".repeat(100_000)}, "issuer": ${JSON.stringify(credential.issuer)}}`;
    const malformed = [`${b64(null)}.${b64({})}.x`, `${b64({ alg: "EdDSA" })}.${b64(null)}.x`, deep, "{".repeat(5000)];
    for (const body of malformed) {
      const answer = await verifyPage(body);
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain("Бейдж подлинный");
    }
    expect((await fetch(`${demo.server.url}/healthz`)).status).toBe(200);
  });

  it("a badge taken out of the portfolio's CLR verifies on its own and is revoked with the CLR", async () => {
    const clr = JSON.parse((await download(`/family/${ids.childA}/clr.json`, cookies.parent)).text) as Json;
    const [inner] = clr.credentialSubject.verifiableCredential as Json[];
    expect(await independentlyVerified(inner)).toMatchObject({ verified: true, revoked: false });
    expect((await verifyPage(JSON.stringify(inner, null, 4))).text).toContain("Бейдж подлинный и действителен");
    // Padded (within the CLR's size, beyond its own): refused before its proof is computed.
    const padded = {
      ...inner,
      credentialSubject: { ...(inner.credentialSubject as object), result: Array.from({ length: 300 }, () => ({ type: ["Result"], value: "x" })) },
    };
    expect((await verifyPage(JSON.stringify(padded))).text).toContain("Бейдж НЕ подтверждается");
    const record = (await IssuedDocumentModel.findOne({ "credential.id": clr.id }).lean<{ _id: Types.ObjectId }>())!;
    const withdrawn = await post(
      demo.server.url,
      `/students/${ids.childA}/badges`,
      { intent: "withdraw", id: String(record._id), reason: "выдан повторно" },
      cookies.admin
    );
    expect(withdrawn.status).toBe(302);
    expect(await independentlyVerified(inner)).toMatchObject({ verified: true, revoked: true });
    expect((await verifyPage(JSON.stringify(inner))).text).toContain("отозван школой");
  });

  it("takes the credential as a file; refuses a JSON body and a file too big, and stays up", async () => {
    const text = (await download(`/family/${ids.childA}/badges/${ids.achievementA}.json`, cookies.student)).text;
    const form = new FormData();
    form.append("file", new Blob([text], { type: "application/ld+json" }), "бейдж.json");
    const asFile = await fetch(`${demo.server.url}/verify/credential`, { method: "POST", body: form, headers: { Origin: demo.server.url } });
    expect(pageText(await asFile.text())).toContain("Бейдж подлинный и действителен");
    const json = await fetch(`${demo.server.url}/verify/credential`, {
      method: "POST",
      body: text,
      headers: { Origin: demo.server.url, "Content-Type": "application/json" },
    });
    expect(json.status).toBe(415);
    const big = new FormData();
    big.append("file", new Blob([Buffer.alloc(3 * 1024 * 1024, 0x20)]), "big.json");
    const tooBig = await fetch(`${demo.server.url}/verify/credential`, { method: "POST", body: big, headers: { Origin: demo.server.url } });
    expect(tooBig.status).toBe(400);
    expect(pageText(await tooBig.text())).toContain("больше 2 МБ");
    expect((await fetch(`${demo.server.url}/healthz`)).status).toBe(200);
  });
});

describe("revocation and key rotation", () => {
  it("after a new key, the DID document still publishes the old one and earlier credentials verify", async () => {
    const before = JSON.parse((await download(`/family/${ids.childA}/badges/${ids.achievementA}.json`, cookies.parent)).text) as Json & {
      proof: { verificationMethod: string };
    };
    const school = (await UserModel.findOne({ login: "admin" }).lean<{ schoolId: Types.ObjectId }>())!.schoolId;
    const fresh = await Ed25519Multikey.generate();
    // A key whose secret this installation cannot open: the next signing makes its own newer key and publishes all three.
    await CredentialKeyModel.create({
      schoolId: school,
      publicKeyMultibase: fresh.publicKeyMultibase,
      secret: { iv: Buffer.alloc(12), tag: Buffer.alloc(16), data: Buffer.alloc(8) },
      createdAt: new Date(),
    });
    const after = JSON.parse((await download(`/family/${ids.childA}/badges/${ids.achievementA}.json`, cookies.parent)).text) as Json & {
      proof: { verificationMethod: string };
    };
    expect(after.proof.verificationMethod).not.toBe(before.proof.verificationMethod);
    const published = ((await (await fetch(`${demo.server.url}/.well-known/did.json`)).json()) as { assertionMethod: string[] }).assertionMethod;
    expect(published).toContain(before.proof.verificationMethod);
    expect(published).toContain(after.proof.verificationMethod);
    expect((await independentlyVerified(before)).verified).toBe(true);
    expect((await independentlyVerified(after)).verified).toBe(true);
  });

  it("a credential whose record is gone (its storage period ended) or whose achievement no longer holds reads as revoked", async () => {
    const gone = JSON.parse((await download(`/family/${ids.childA}/badges/${ids.achievementA}.json`, cookies.parent)).text) as Json;
    expect((await independentlyVerified(gone)).revoked).toBe(false);
    const goneBit = (await IssuedDocumentModel.findOne({ "credential.id": gone.id }).lean<{
      schoolId: Types.ObjectId;
      credential: { statusIndex: number };
    }>())!;
    await IssuedDocumentModel.deleteOne({ "credential.id": gone.id });
    expect(await independentlyVerified(gone)).toMatchObject({ verified: true, revoked: true });
    // Its bit stays taken: no later credential is given it.
    expect(await reserveStatusBit({ schoolId: goneBit.schoolId, index: goneBit.credential.statusIndex })).toBe(false);
    expect((await verifyPage(JSON.stringify(gone))).text).toContain("нет записи о выдаче");

    // The verification withdrawn in the database, the credential's own record untouched (a write cut off half-way).
    const current = String((await verifiedCopy(ids.achievementA, {}))._id);
    const cut = JSON.parse((await download(`/family/${ids.childA}/badges/${current}.json`, cookies.parent)).text) as Json;
    expect((await independentlyVerified(cut)).revoked).toBe(false);
    await AchievementModel.updateOne({ _id: current }, { $set: { status: "rejected" } });
    expect(await independentlyVerified(cut)).toMatchObject({ verified: true, revoked: true });
    expect((await verifyPage(JSON.stringify(cut))).text).toContain("отозван школой");
    // Verified again later: a new verification, the old credential stays revoked.
    await AchievementModel.updateOne({ _id: current }, { $set: { status: "verified", verifiedAt: new Date() } });
    expect(await independentlyVerified(cut)).toMatchObject({ verified: true, revoked: true });
  });

  it("a badge withdrawn by the school shows revoked; the others stay valid", async () => {
    const first = JSON.parse((await download(`/family/${ids.childA}/badges/${ids.achievementA}.json`, cookies.parent)).text) as Json;
    const second = JSON.parse((await download(`/family/${ids.childA}/badges/${ids.achievementA}.json`, cookies.parent)).text) as Json;
    const record = (await IssuedDocumentModel.findOne({ "credential.id": first.id }).lean<{ _id: Types.ObjectId }>())!;
    // A parent cannot; the administration can, once, with a reason.
    expect(
      (await post(demo.server.url, `/students/${ids.childA}/badges`, { intent: "withdraw", id: String(record._id), reason: "выдан по ошибке" }, cookies.parent))
        .status
    ).toBe(404);
    expect(
      (await post(demo.server.url, `/students/${ids.childA}/badges`, { intent: "withdraw", id: String(record._id), reason: "" }, cookies.admin)).status
    ).toBe(400);
    const withdrawn = await post(
      demo.server.url,
      `/students/${ids.childA}/badges`,
      { intent: "withdraw", id: String(record._id), reason: "выдан по ошибке" },
      cookies.admin
    );
    expect(withdrawn.status).toBe(302);
    expect(await independentlyVerified(first)).toMatchObject({ verified: true, revoked: true });
    expect(await independentlyVerified(second)).toMatchObject({ verified: true, revoked: false });
    const page = pageText(await (await get(demo.server.url, `/students/${ids.childA}/badges`, cookies.admin)).text());
    expect(page).toMatch(/отозван \d{2}\.\d{2}\.\d{4}: выдан по ошибке/);
  });

  it("withdrawing the verification revokes the achievement's badge and the portfolio holding it", async () => {
    // An achievement of this school year (the demo's verified ones are in a closed year, read only).
    const current = String(
      (await verifiedCopy(ids.achievementA, { academicYear: thisSchoolYear(), date: new Date(`${thisSchoolYear().slice(0, 4)}-10-01T00:00:00Z`) }))._id
    );
    const badge = JSON.parse((await download(`/family/${ids.childA}/badges/${current}.json`, cookies.parent)).text) as Json;
    const clr = JSON.parse((await download(`/family/${ids.childA}/clr.json`, cookies.parent)).text) as Json;
    expect((clr.credentialSubject.verifiableCredential as Json[]).length).toBeGreaterThan(1);
    const seen = (await AchievementModel.findById(current).lean<{ updatedAt: Date }>())!.updatedAt.toISOString();
    // Without a reason nothing changes.
    expect((await post(demo.server.url, `/achievements/${current}`, { intent: "unverify", seen, reason: "" }, cookies.admin)).status).toBe(400);
    expect(await independentlyVerified(badge)).toMatchObject({ verified: true, revoked: false });
    const withdrawn = await post(
      demo.server.url,
      `/achievements/${current}`,
      { intent: "unverify", seen, reason: "диплом выдан другому участнику" },
      cookies.admin
    );
    expect(withdrawn.status).toBe(302);
    expect((await AchievementModel.findById(current).lean<{ status: string }>())!.status).toBe("rejected");

    // Still the school's, unchanged, and revoked.
    for (const credential of [badge, clr]) expect(await independentlyVerified(credential)).toMatchObject({ verified: true, revoked: true });
    const page = await verifyPage(JSON.stringify(badge));
    expect(page.text).toMatch(/отозван школой.*Отозван \d{2}\.\d{2}\.\d{4}/s);
    // The reason is for the author and the family, not for whoever holds the badge.
    expect(page.text).not.toContain("диплом выдан другому участнику");
    // The achievement offers no credential any more; the others still do.
    expect((await download(`/family/${ids.childA}/badges/${current}.json`, cookies.parent)).status).toBe(404);
    expect((await download(`/family/${ids.childA}/badges/${ids.achievementA}.json`, cookies.parent)).status).toBe(200);
  });
});

/** A verified copy of an achievement of the same child (its own chain), with these fields changed. */
async function verifiedCopy(achievementId: string, changes: Record<string, unknown>) {
  const original = (await AchievementModel.findById(achievementId).lean<Record<string, unknown>>())!;
  const { _id, createdAt, updatedAt, ...fields } = original;
  void [_id, createdAt, updatedAt];
  return AchievementModel.create({ ...fields, chainId: new mongoose.Types.ObjectId(), version: 1, status: "verified", ...changes });
}

/** Base58 (Bitcoin alphabet) decoding, for the key's bytes. */
function base58Decode(text: string) {
  const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  let value = 0n;
  for (const char of text) value = value * 58n + BigInt(alphabet.indexOf(char));
  const hex = value.toString(16);
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
  const zeros = text.length - text.replace(/^1+/, "").length;
  return Buffer.concat([Buffer.alloc(zeros), bytes]);
}
