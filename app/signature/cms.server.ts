// The detached CMS signature a PDF carries (PAdES baseline, SubFilter ETSI.CAdES.detached): the
// signed attributes are the content type, the digest of the PDF's signed bytes and the hash of the
// signer's certificate (signing-certificate-v2); the time claimed for the signature is the PDF's /M,
// as PAdES asks, not an attribute. Built and read with node-forge's ASN.1; the signature itself is
// Node's (RSA PKCS#1 v1.5 or ECDSA, both SHA-256).
import crypto from "node:crypto";
import forge from "node-forge";

const { asn1 } = forge;
const { UNIVERSAL, CONTEXT_SPECIFIC } = asn1.Class;
const { SEQUENCE, SET, OID: OID_TYPE, OCTETSTRING, INTEGER, NULL } = asn1.Type;

const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha256: "2.16.840.1.101.3.4.2.1",
  rsaEncryption: "1.2.840.113549.1.1.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
};

// forge works on "binary" strings, one character per byte.
const binary = (bytes: Buffer) => bytes.toString("latin1");
const bytesOf = (text: string) => Buffer.from(text, "latin1");
const der = (node: forge.asn1.Asn1) => bytesOf(asn1.toDer(node).getBytes());
// Read as written: trailing zeros after the structure (a PDF's padded /Contents) are not an error,
// and a BIT STRING's bytes are kept as they are (a certificate re-encodes to the same DER).
const fromDer = asn1.fromDer as unknown as (bytes: forge.util.ByteBuffer, options: { parseAllBytes: boolean; decodeBitStrings: boolean }) => forge.asn1.Asn1;
const readDer = (bytes: Buffer) => fromDer(forge.util.createBuffer(binary(bytes)), { parseAllBytes: false, decodeBitStrings: false });

const oid = (value: string) => asn1.create(UNIVERSAL, OID_TYPE, false, asn1.oidToDer(value).getBytes());
const integer = (value: number) => asn1.create(UNIVERSAL, INTEGER, false, asn1.integerToDer(value).getBytes());
const octets = (bytes: Buffer) => asn1.create(UNIVERSAL, OCTETSTRING, false, binary(bytes));
const sequence = (items: forge.asn1.Asn1[]) => asn1.create(UNIVERSAL, SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(UNIVERSAL, SET, true, items);
const algorithm = (value: string, withNull: boolean) => sequence(withNull ? [oid(value), asn1.create(UNIVERSAL, NULL, false, "")] : [oid(value)]);
const attribute = (type: string, value: forge.asn1.Asn1) => sequence([oid(type), set([value])]);
const children = (node: forge.asn1.Asn1) => node.value as forge.asn1.Asn1[];

/** The issuer and serial number of a certificate, as its own bytes say them. */
function issuerAndSerial(certificate: Buffer) {
  const tbs = children(children(readDer(certificate))[0]);
  const shift = tbs[0].tagClass === CONTEXT_SPECIFIC ? 1 : 0; // [0] version, present in v3
  return sequence([tbs[2 + shift], tbs[shift]]);
}

/** The signed attributes in DER order (a SET OF is sorted by its members' encodings). */
function signedAttributes(digest: Buffer, certificate: Buffer) {
  const certificateHash = crypto.createHash("sha256").update(certificate).digest();
  const attributes = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(digest)),
    attribute(OID.signingCertificateV2, sequence([sequence([sequence([octets(certificateHash)])])])),
  ];
  return attributes
    .map((a) => ({ node: a, bytes: der(a) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map((a) => a.node);
}

/**
 * A detached CMS SignedData over `signedBytes`: `certificates` are DER, the signer's first (its
 * chain after it), `key` the signer's private key.
 */
export function cmsSignature(signedBytes: Buffer, certificates: Buffer[], key: crypto.KeyObject): Buffer {
  const digest = crypto.createHash("sha256").update(signedBytes).digest();
  const attributes = signedAttributes(digest, certificates[0]);
  // The signature covers the attributes encoded as a SET; in the SignerInfo they are [0] IMPLICIT.
  const signature = crypto.sign("sha256", der(set(attributes)), key);
  const ec = key.asymmetricKeyType === "ec";
  const signerInfo = sequence([
    integer(1),
    issuerAndSerial(certificates[0]),
    algorithm(OID.sha256, false),
    asn1.create(CONTEXT_SPECIFIC, 0, true, attributes),
    algorithm(ec ? OID.ecdsaWithSha256 : OID.rsaEncryption, !ec),
    octets(signature),
  ]);
  const signedData = sequence([
    integer(1),
    set([algorithm(OID.sha256, false)]),
    sequence([oid(OID.data)]),
    asn1.create(CONTEXT_SPECIFIC, 0, true, certificates.map(readDer)),
    set([signerInfo]),
  ]);
  return der(sequence([oid(OID.signedData), asn1.create(CONTEXT_SPECIFIC, 0, true, [signedData])]));
}

export interface CmsCheck {
  /** The digest in the signature is the digest of the signed bytes, and the signature over it verifies with the signer's certificate. */
  intact: boolean;
  /** The signer's certificate (DER), when the signature carries it. */
  certificate: Buffer | null;
}

/** Checks a detached CMS signature over `signedBytes`; anything unreadable is simply not intact. */
export function checkCmsSignature(cms: Buffer, signedBytes: Buffer): CmsCheck {
  try {
    const signedData = children(children(children(readDer(cms))[1])[0]);
    const certificatesNode = signedData.find((n) => n.tagClass === CONTEXT_SPECIFIC && n.type === 0);
    const certificates = certificatesNode ? children(certificatesNode).map(der) : [];
    const signerInfo = children(children(signedData[signedData.length - 1])[0]);
    // The signer's certificate is the one its issuer and serial name, both.
    const sid = der(signerInfo[1]);
    const certificate = certificates.find((c) => der(issuerAndSerial(c)).equals(sid)) ?? null;
    // version, sid, digestAlgorithm, signatureAlgorithm, signature: the universal fields in order
    // (signed and unsigned attributes are context-tagged around them).
    const fields = signerInfo.filter((n) => n.tagClass === UNIVERSAL);
    const attributesNode = signerInfo.find((n) => n.tagClass === CONTEXT_SPECIFIC && n.type === 0);
    if (!certificate || !attributesNode || fields.length < 5) return { intact: false, certificate: null };
    const x509 = new crypto.X509Certificate(certificate);
    const attributes = children(attributesNode);
    const digestAttribute = attributes.find((a) => asn1.derToOid(children(a)[0].value as string) === OID.messageDigest);
    const claimed = digestAttribute ? bytesOf(children(children(digestAttribute)[1])[0].value as string) : Buffer.alloc(0);
    const digest = crypto.createHash("sha256").update(signedBytes).digest();
    const signature = bytesOf(fields[4].value as string);
    const verified = crypto.verify("sha256", der(set(attributes)), x509.publicKey, signature);
    return { intact: claimed.equals(digest) && verified, certificate };
  } catch {
    return { intact: false, certificate: null };
  }
}
