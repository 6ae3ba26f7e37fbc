// Issuing a document: the PDF is made with its verification code inside, its SHA-256 taken, the
// bytes kept when the family will download them again, and the issue recorded in one insert.
// If the insert fails (the same extract approved twice at once) the kept bytes go too.
import crypto from "node:crypto";
import type { Types } from "mongoose";
import { formatDate } from "~/domain/format";
import { Conflict } from "~/http/refusals";
import { createIssuedDocument, deleteDocumentBytes, readDocumentBytes, saveDocumentBytes, type DocumentKind, type IssuedDocument } from "~models/document.server";
import { schoolSignature } from "~/signature/school-certificate.server";
import { fullName } from "~models/student.server";
import type { PublicUser } from "~models/user.server";
import { newVerificationCode } from "./codes.server";
import type { IssueFacts } from "./letterhead.server";
import { readPortfolio, renderPortfolio, type Portfolio, type PortfolioOptions } from "./portfolio.server";

// The address printed in documents for /verify.
export { publicOrigin } from "~/http/public-origin.server";

/** The database refused a second document with this unique key (a code, an extract request). */
const isDuplicate = (error: unknown, key: string) => {
  const refused = error as { code?: unknown; keyPattern?: object } | null;
  return error instanceof Error && refused?.code === 11000 && Object.keys(refused.keyPattern ?? {}).includes(key);
};

export interface IssueFactsIn {
  schoolId: Types.ObjectId;
  studentId: Types.ObjectId;
  kind: DocumentKind;
  schoolYear: string;
  sections?: string[];
  years?: string[];
  issuer: PublicUser;
  origin: string;
  fileName: string;
  extractId?: Types.ObjectId;
  /** Keep the bytes for downloading again (extracts, decisions); staff copies are made afresh each time. */
  keep: boolean;
  /** The moment of issue: now, unless a test sets the clock. */
  at?: Date;
}

/**
 * Issues any document: `render` draws it with the code and the verify address it is given; the
 * bytes' SHA-256 and the issue are recorded (and the bytes kept when asked) in one insert.
 */
export async function issueDocument(input: IssueFactsIn, render: (facts: IssueFacts) => Promise<Uint8Array<ArrayBuffer>>): Promise<{ document: IssuedDocument; bytes: Uint8Array<ArrayBuffer> }> {
  const issuedAt = input.at ?? new Date();
  const issuedByName = fullName(input.issuer);
  const signature = await schoolSignature(input.schoolId);
  // A new code for each try: two documents drawing the same 60-bit code is all but impossible,
  // but the unique index would say so, and the next code then goes into a fresh PDF.
  for (let attempt = 0; ; attempt++) {
    const code = newVerificationCode();
    const bytes = await render({ kind: input.kind, code, verifyUrl: `${input.origin}/verify/${code}`, issuedAt, issuedByName, signature });
    const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
    const gridFsId = input.keep ? await saveDocumentBytes({ schoolId: input.schoolId, fileName: input.fileName, sha256, bytes }) : null;
    try {
      const document = await createIssuedDocument({
        schoolId: input.schoolId,
        document: {
          code,
          kind: input.kind,
          studentId: input.studentId,
          schoolYear: input.schoolYear,
          sections: input.sections ?? [],
          years: input.years ?? [],
          sha256,
          size: bytes.length,
          fileName: input.fileName,
          gridFsId,
          extractId: input.extractId ?? null,
          issuedAt,
          issuedBy: input.issuer._id,
          issuedByName,
          certificateSerial: signature.stamp.serial,
        },
      });
      return { document, bytes };
    } catch (error) {
      if (gridFsId) await deleteDocumentBytes({ gridFsId }).catch(() => undefined);
      if (isDuplicate(error, "extractId")) throw new Conflict("Выписка по этому заявлению уже выдана");
      if (!isDuplicate(error, "code") || attempt >= 2) throw error;
    }
  }
}

export interface IssueInput {
  schoolId: Types.ObjectId;
  studentId: Types.ObjectId;
  kind: "portfolio" | "extract";
  options: PortfolioOptions;
  issuer: PublicUser;
  origin: string;
  purpose?: string;
  extractId?: Types.ObjectId;
  keep: boolean;
  at?: Date;
}

/** A portfolio or an extract from it, issued. */
export async function issuePortfolio(input: IssueInput, portfolio?: Portfolio) {
  const data = portfolio ?? (await readPortfolio(input.schoolId, input.studentId, input.options));
  if (!data) throw new Error("student not found");
  // One moment for the file's name, the issue date and the «выдан …» line: the school's day of it.
  const at = input.at ?? new Date();
  const fileName = `${input.kind === "extract" ? "Выписка" : "Портфолио"} ${data.student.name} ${formatDate(at)}.pdf`;
  return issueDocument(
    { ...input, at, schoolYear: data.schoolYear, sections: input.options.sections, years: input.options.years, fileName },
    (facts) => renderPortfolio(data, { ...facts, purpose: input.purpose }),
  );
}

/** The kept bytes of an issued document. */
export async function readIssuedBytes(document: IssuedDocument): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!document.gridFsId) return null;
  return readDocumentBytes({ gridFsId: document.gridFsId });
}
