// Every multipart form (uploads of documents and spreadsheets) is parsed once, by multer on the
// Express server, with the limits of storage/limits.ts; the Remix action receives the result in
// its load context (readUpload). A refused upload (too big, too many files) is not an error page:
// the action gets the Russian message and shows it beside the form.
import type { NextFunction, Request, Response } from "express";
import multer from "multer";
import { getSessionUser } from "~/auth/session.server";
import { FORM_MESSAGES } from "~/http/form-messages";
import { refuse } from "~/http/guards.server";
import { UPLOAD_LIMITS } from "~storage/limits";

export interface UploadedFile {
  field: string;
  originalName: string;
  bytes: Buffer;
}

export interface MultipartUpload {
  fields: FormData;
  files: UploadedFile[];
  error: string | null;
}

const parser = multer({
  storage: multer.memoryStorage(),
  limits: {
    fileSize: UPLOAD_LIMITS.maxFileBytes,
    files: UPLOAD_LIMITS.maxFiles,
    // Small forms beside the files; the largest field is a user list's preview (≈ 750 KB for 5,000 rows).
    fields: 40,
    fieldSize: 1024 * 1024,
    parts: 50,
    // No page names a field with brackets: «a[b]» or «a[]» is refused, never read into objects.
    fieldNestingDepth: 0,
  },
}).any();

const MESSAGES: Record<string, string> = {
  LIMIT_FILE_SIZE: `Файл больше ${UPLOAD_LIMITS.maxFileBytes / 1024 / 1024} МБ: уменьшите его (например, сохраните скан в меньшем разрешении).`,
  LIMIT_FILE_COUNT: `Не больше ${UPLOAD_LIMITS.maxFiles} файлов за один раз.`,
  LIMIT_FIELD_VALUE: "Слишком длинное значение в форме.",
  LIMIT_FIELD_KEY: "Слишком длинное имя поля в форме.",
  LIMIT_FIELD_COUNT: "Слишком много полей в форме.",
  LIMIT_PART_COUNT: "Слишком много частей в форме.",
  LIMIT_FIELD_NESTING: FORM_MESSAGES.unknownField,
  LIMIT_FIELD_ARRAY_INDEX: FORM_MESSAGES.unknownField,
  INVALID_FIELD_NAME: FORM_MESSAGES.unknownField,
  MISSING_FIELD_NAME: FORM_MESSAGES.unknownField,
};

/**
 * The fields as the page sent them, each name with its values in order, or why they cannot be
 * taken: a name multer read into an object («a[b]», which no page sends), or bytes that were not
 * UTF-8 (busboy turns them into U+FFFD).
 */
function plainFields(body: unknown): FormData | string {
  const fields = new FormData();
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item !== "string") return FORM_MESSAGES.unknownField;
      if (item.includes("\uFFFD") || key.includes("\uFFFD")) return FORM_MESSAGES.notUtf8;
      fields.append(key, item);
    }
  }
  return fields;
}

/** Browsers send file names in UTF-8, which busboy reads as Latin-1: give Cyrillic names back. */
const decodeName = (name: string) => {
  const utf8 = Buffer.from(name, "latin1").toString("utf8");
  return utf8.includes("\uFFFD") ? name : utf8;
};

/**
 * The verify page takes a PDF from anyone who holds a document, to check it against the issue: one
 * file of at most 10 MB and nothing else, read into memory only for that address; it writes nothing.
 */
export const VERIFY_UPLOAD = /^\/verify\/[^/]+\/?$/;
const VERIFY_FILE_BYTES = 10 * 1024 * 1024;
const verifyParser = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: VERIFY_FILE_BYTES, files: 1, fields: 1, fieldSize: 1024, parts: 2, fieldNestingDepth: 0 },
}).any();

/** The verify page for credentials takes a pasted credential or its file (JSON or JWT), from anyone: small, and nothing else. */
// (The page's own form posts to «/verify/credential.data», Remix's data request for the same route.)
export const VERIFY_CREDENTIAL_UPLOAD = /^\/verify\/credential(\.data)?\/?$/;
/** The largest credential the verify page reads (a CLR of a whole school career is far smaller). */
export const CREDENTIAL_BYTES = 2 * 1024 * 1024;
const credentialParser = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: CREDENTIAL_BYTES, files: 1, fields: 1, fieldSize: CREDENTIAL_BYTES, parts: 2, fieldNestingDepth: 0 },
}).any();

export function multipartUploads(req: Request, res: Response, next: NextFunction) {
  if (req.method !== "POST" || !req.is("multipart/form-data")) return next();
  if (VERIFY_CREDENTIAL_UPLOAD.test(req.path))
    return parse(req, res, next, credentialParser, {
      LIMIT_FILE_SIZE: "Файл больше 2 МБ: цифровые бейджи меньше.",
      LIMIT_FIELD_VALUE: "Текст больше 2 МБ: цифровые бейджи меньше.",
    });
  // A document to verify is anyone's to send, under its own limits: no session to look up.
  if (VERIFY_UPLOAD.test(req.path))
    return parse(req, res, next, verifyParser, { LIMIT_FILE_SIZE: `Файл больше ${VERIFY_FILE_BYTES / 1024 / 1024} МБ: выданные документы меньше.` });
  // Otherwise only a signed-in person's upload is read into memory at all.
  const session = new globalThis.Request("http://registry.local/", { headers: { cookie: req.headers.cookie ?? "" } });
  getSessionUser(session).then((user) => {
    if (!user) return refuse(req, res, 401, "Войдите в систему, чтобы отправлять файлы.");
    parse(req, res, next, parser);
  }, next);
}

function parse(req: Request, res: Response, next: NextFunction, read: typeof parser, messages: Record<string, string> = {}) {
  read(req, res, (error: unknown) => {
    const upload: MultipartUpload = { fields: new FormData(), files: [], error: null };
    if (error) {
      upload.error = (error instanceof multer.MulterError && (messages[error.code] ?? MESSAGES[error.code])) || FORM_MESSAGES.unreadable;
      req.resume(); // read the rest of the body, so the browser sees the answer and not a reset
    } else {
      const fields = plainFields(req.body);
      if (typeof fields === "string") upload.error = fields;
      else upload.fields = fields;
      const files = (req.files ?? []) as Express.Multer.File[];
      upload.files = files.map((f) => ({ field: f.fieldname, originalName: decodeName(f.originalname), bytes: f.buffer }));
    }
    res.locals.upload = upload;
    next();
  });
}
