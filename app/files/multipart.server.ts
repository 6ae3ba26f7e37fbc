// Every multipart form (uploads of documents and spreadsheets) is parsed once, by multer on the
// Express server, with the limits of storage/limits.ts; the Remix action receives the result in
// its load context (readUpload). A refused upload (too big, too many files) is not an error page:
// the action gets the Russian message and shows it beside the form.
import type { NextFunction, Request, Response } from "express";
import multer from "multer";
import { getSessionUser } from "~/auth/session.server";
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
  },
}).any();

const MESSAGES: Record<string, string> = {
  LIMIT_FILE_SIZE: `Файл больше ${UPLOAD_LIMITS.maxFileBytes / 1024 / 1024} МБ: уменьшите его (например, сохраните скан в меньшем разрешении).`,
  LIMIT_FILE_COUNT: `Не больше ${UPLOAD_LIMITS.maxFiles} файлов за один раз.`,
  LIMIT_FIELD_VALUE: "Слишком длинное значение в форме.",
};

/** Browsers send file names in UTF-8, which busboy reads as Latin-1: give Cyrillic names back. */
const decodeName = (name: string) => {
  const utf8 = Buffer.from(name, "latin1").toString("utf8");
  return utf8.includes("\uFFFD") ? name : utf8;
};

/** Plain forms are small: anything larger is refused before it is read. */
export const MAX_FORM_BYTES = 256 * 1024;

export function multipartUploads(req: Request, res: Response, next: NextFunction) {
  if (req.method !== "POST") return next();
  if (!req.is("multipart/form-data")) {
    const length = Number(req.headers["content-length"] ?? (req.headers["transfer-encoding"] ? Infinity : 0));
    if (length > MAX_FORM_BYTES) return refuse(req, res, 413, "Слишком большой запрос.");
    return next();
  }
  // Only a signed-in person's upload is read into memory at all.
  const session = new globalThis.Request("http://registry.local/", { headers: { cookie: req.headers.cookie ?? "" } });
  getSessionUser(session).then(
    (user) => {
      if (!user) return refuse(req, res, 401, "Войдите в систему, чтобы отправлять файлы.");
      parse(req, res, next);
    },
    next,
  );
}

/**
 * Answers without reading the body into memory. What the client is still sending is read and
 * dropped (up to a few megabytes, then the connection is cut), so that it sees the answer.
 */
function refuse(req: Request, res: Response, status: number, text: string) {
  let dropped = 0;
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > 8 * 1024 * 1024) req.destroy();
  });
  req.resume();
  res.status(status).type("text/plain; charset=utf-8").send(text);
}

function parse(req: Request, res: Response, next: NextFunction) {
  parser(req, res, (error: unknown) => {
    const upload: MultipartUpload = { fields: new FormData(), files: [], error: null };
    if (error) {
      upload.error = (error instanceof multer.MulterError && MESSAGES[error.code]) || "Форму не удалось прочитать: отправьте её ещё раз.";
      req.resume(); // read the rest of the body, so the browser sees the answer and not a reset
    } else {
      for (const [key, value] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
        for (const item of Array.isArray(value) ? value : [value]) upload.fields.append(key, String(item));
      }
      const files = (req.files ?? []) as Express.Multer.File[];
      upload.files = files.map((f) => ({ field: f.fieldname, originalName: decodeName(f.originalname), bytes: f.buffer }));
    }
    res.locals.upload = upload;
    next();
  });
}
