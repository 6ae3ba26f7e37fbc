// The school's signing certificate: made self-signed the first time a school signs (or at the
// server's first start), replaced by the school's own when the administration uploads a PKCS#12.
// The private key is kept in the database sealed (app/signature/key-vault.server.ts).
import crypto from "node:crypto";
import forge from "node-forge";
import type { Types } from "mongoose";
import { formatDate } from "~/domain/format";
import { RefusedByRule } from "~/http/refusals";
import { getSchool, listSchools } from "~models/school.server";
import { addSigningCertificate, currentSigningCertificate, listSigningCertificates, type SigningCertificate } from "~models/signing-certificate.server";
import { cmsSignature } from "./cms.server";
import { openKey, sealKey, type SealedKey } from "./key-vault.server";
import { SIGNATURE_ROOM, type DocumentSignature, type StampFacts } from "./pdf-signature.server";

const SELF_SIGNED_YEARS = 3;

// The certificate's key is sealed under this purpose (the derived key the first version used).
const KEY_PURPOSE = "signing-key";

/** The key, or null when it does not decrypt (SESSION_SECRET changed). */
function decryptKey(key: SealedKey): crypto.KeyObject | null {
  const pkcs8 = openKey(key, KEY_PURPOSE);
  return pkcs8 && crypto.createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
}

/** A field of a certificate's name as written (not escaped as in «CN=…» strings); the first of repeated ones. */
const nameField = (name: NodeJS.Dict<string | string[]>, field: string) => [name[field] ?? ""].flat()[0] ?? "";

/** What a certificate (DER) says of itself, as the stamp and the verify page print it. */
export function describeCertificate(certificate: Buffer): StampFacts {
  const x509 = new crypto.X509Certificate(certificate);
  const subject = x509.toLegacyObject().subject;
  return {
    serial: x509.serialNumber.toUpperCase(),
    owner: nameField(subject, "CN") || nameField(subject, "O"),
    organisation: nameField(subject, "O"),
    validFrom: new Date(x509.validFrom),
    validTo: new Date(x509.validTo),
  };
}

/** What the database keeps of a certificate and its key (the key encrypted). */
function certificateRecord(
  schoolId: Types.ObjectId,
  certificates: Buffer[],
  key: crypto.KeyObject,
  origin: SigningCertificate["origin"],
  createdBy: Types.ObjectId | null,
  now: Date
) {
  return {
    schoolId,
    ...describeCertificate(certificates[0]),
    certificates,
    key: sealKey(key.export({ type: "pkcs8", format: "der" }), KEY_PURPOSE),
    origin,
    createdAt: now,
    createdBy,
  };
}

/** A self-signed certificate in the school's name (the director's when known), for the first documents. */
function selfSignedCertificate(school: { name: string; director?: string | null }, now: Date) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  // A positive serial of 16 random bytes.
  certificate.serialNumber = `4${crypto.randomBytes(15).toString("hex")}`;
  // Valid from five years back: the yearly archive's registers are signed at the date each year
  // closed, which must not come before the certificate.
  certificate.validity.notBefore = new Date(Date.UTC(now.getUTCFullYear() - 5, 0, 1));
  certificate.validity.notAfter = new Date(now);
  certificate.validity.notAfter.setFullYear(now.getFullYear() + SELF_SIGNED_YEARS);
  // Names as UTF8String (Cyrillic), which forge encodes.
  const utf8 = (name: string, value: string) => ({ name, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class });
  const subject = [utf8("commonName", school.director?.trim() || school.name), utf8("organizationName", school.name), { name: "countryName", value: "RU" }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true },
    { name: "subjectKeyIdentifier" },
  ]);
  certificate.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }).toString()), forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), "latin1");
  return { certificates: [der], key: privateKey };
}

/** The certificate the school signs with now, made self-signed when it has none yet (or none that can sign, see schoolSignature). */
export async function ensureSchoolCertificate(schoolId: Types.ObjectId, now = new Date()): Promise<SigningCertificate> {
  const current = await currentSigningCertificate({ schoolId });
  if (current && current.validTo > now) return current;
  return makeSelfSigned(schoolId, now);
}

async function makeSelfSigned(schoolId: Types.ObjectId, now: Date) {
  const school = await getSchool(schoolId);
  if (!school) throw new Error("school not found");
  const made = selfSignedCertificate(school, now);
  return addSigningCertificate(certificateRecord(schoolId, made.certificates, made.key, "self-signed", null, now));
}

/** Every school's certificate, made where missing (at the server's start). */
export async function ensureSchoolCertificates() {
  for (const school of await listSchools()) await ensureSchoolCertificate(school._id);
}

export function stampFacts(certificate: Pick<SigningCertificate, "serial" | "owner" | "organisation" | "validFrom" | "validTo">): StampFacts {
  const { serial, owner, organisation, validFrom, validTo } = certificate;
  return { serial, owner, organisation, validFrom, validTo };
}

// A decrypted key per certificate, for the life of the process: decrypting is cheap, but a
// document per request should not pay it, and a certificate never changes once written.
const signatures = new Map<string, DocumentSignature>();

/** How the school's documents are signed now (its newest certificate). */
export async function schoolSignature(schoolId: Types.ObjectId): Promise<DocumentSignature> {
  let certificate = await ensureSchoolCertificate(schoolId);
  const cached = signatures.get(String(certificate._id));
  if (cached) return cached;
  let key = decryptKey(certificate.key as SealedKey);
  if (!key) {
    // Its key was stored under another SESSION_SECRET: documents are not held up; a new
    // self-signed certificate signs them, and the settings page shows it is the one in use.
    console.warn(
      "Ключ подписи школы не расшифровывается (SESSION_SECRET изменился): создан новый самоподписанный сертификат; загрузите сертификат школы заново."
    );
    certificate = await makeSelfSigned(schoolId, new Date());
    key = decryptKey(certificate.key as SealedKey)!;
  }
  const signing = { certificates: certificate.certificates, key };
  const signature: DocumentSignature = {
    stamp: stampFacts(certificate),
    sign: async (signedBytes) => cmsSignature(signedBytes, signing.certificates, signing.key),
  };
  signatures.set(String(certificate._id), signature);
  return signature;
}

const binary = (bytes: Buffer) => bytes.toString("latin1");
const derOf = (node: forge.asn1.Asn1) => Buffer.from(forge.asn1.toDer(node).getBytes(), "latin1");

/** The key and certificates of a PKCS#12 file, or why it cannot be used (in Russian). */
function readPkcs12(file: Buffer, password: string, now: Date) {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(binary(file)), password);
  } catch (error) {
    // forge says «PKCS#12 MAC could not be verified. Invalid password?» or «…wrong password?».
    const wrongPassword = /invalid password|wrong password/i.test((error as Error).message);
    throw new RefusedByRule(
      wrongPassword
        ? "Пароль не подходит к этому файлу: проверьте раскладку и регистр."
        : "Файл не читается как PKCS#12 с ключом RSA или ECDSA (.p12, .pfx): возможно, это другой формат или ключ ГОСТ, для которого нужно сертифицированное средство подписи (см. README).",
      wrongPassword ? "password" : "file"
    );
  }
  const bagsOf = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keyBag = [...bagsOf(forge.pki.oids.pkcs8ShroudedKeyBag), ...bagsOf(forge.pki.oids.keyBag)][0];
  if (!keyBag) throw new RefusedByRule("В файле нет закрытого ключа: выгрузите сертификат вместе с ключом.", "file");
  const keyDer = keyBag.key ? derOf(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key))) : derOf(keyBag.asn1 as forge.asn1.Asn1);
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey({ key: keyDer, format: "der", type: "pkcs8" });
  } catch {
    throw new RefusedByRule("Ключ в файле не читается.", "file");
  }
  if (key.asymmetricKeyType !== "rsa" && key.asymmetricKeyType !== "ec") {
    throw new RefusedByRule("Подписывать можно ключом RSA или ECDSA; ключи ГОСТ требуют сертифицированного средства подписи (см. README).", "file");
  }
  const certificates = bagsOf(forge.pki.oids.certBag).map((bag) =>
    bag.cert ? derOf(forge.pki.certificateToAsn1(bag.cert)) : derOf(bag.asn1 as forge.asn1.Asn1)
  );
  const publicKey = crypto.createPublicKey(key).export({ type: "spki", format: "der" });
  const own = certificates.find((c) => new crypto.X509Certificate(c).publicKey.export({ type: "spki", format: "der" }).equals(publicKey));
  if (!own) throw new RefusedByRule("В файле нет сертификата к этому ключу.", "file");
  const x509 = new crypto.X509Certificate(own);
  if (new Date(x509.validTo) < now) throw new RefusedByRule(`Срок действия сертификата истёк ${formatDate(new Date(x509.validTo))}.`, "file");
  if (new Date(x509.validFrom) > now) throw new RefusedByRule(`Сертификат начнёт действовать ${formatDate(new Date(x509.validFrom))}.`, "file");
  const chain = [own, ...certificates.filter((c) => c !== own)];
  // A trial signature: the certificate and its chain must fit the room a PDF keeps for them.
  if (cmsSignature(Buffer.alloc(0), chain, key).length > SIGNATURE_ROOM) {
    throw new RefusedByRule("Сертификат с цепочкой слишком велик для подписи в PDF: выгрузите его без промежуточных сертификатов.", "file");
  }
  return { key, certificates: chain };
}

/** The school's own certificate from a PKCS#12 file: from now on documents are signed with it. */
export async function uploadSchoolCertificate(input: { schoolId: Types.ObjectId; file: Buffer; password: string; userId: Types.ObjectId; now?: Date }) {
  const now = input.now ?? new Date();
  const { key, certificates } = readPkcs12(input.file, input.password, now);
  return addSigningCertificate(certificateRecord(input.schoolId, certificates, key, "uploaded", input.userId, now));
}

/** The school's certificates for the settings page, newest (the one in use) first. */
export async function schoolCertificates(schoolId: Types.ObjectId) {
  const certificates = await listSigningCertificates({ schoolId });
  return certificates.map((c) => ({ ...stampFacts(c), origin: c.origin, createdAt: c.createdAt }));
}

/** Whether a certificate is one the school has signed with (the verify page names it so). */
export async function isSchoolCertificate(schoolId: Types.ObjectId, certificate: Buffer) {
  const certificates = await listSigningCertificates({ schoolId });
  return certificates.some((c) => c.certificates[0].equals(certificate));
}
