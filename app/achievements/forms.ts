// The forms of an achievement, one zod schema each. The achievement's own form is built from the
// kinds' field descriptions (models/vocabulary/achievement-kinds.ts): one object per kind, told apart
// by `kind`; the page draws its inputs from the same descriptions and takes their constraints from
// the kind's object, the action parses with the whole. No `.server`: the browser checks with them too.
import { z } from "zod";
import { recordId, stringList } from "~/forms";
import { KIND_CODES, KINDS, type Details, type Field, type Kind } from "~models/vocabulary/achievement-kinds";
import { isShown, type ParsedAchievement } from "./kinds";
import { todayIso } from "~/domain/format";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The longest a text field of a kind is when its description names no limit. */
export const TEXT_MAX = 300;
/** The longest reason a verifier gives for sending an achievement back. */
export const REJECTION_REASON_MAX = 500;

const isDay = (v: string) => ISO_DATE.test(v) && !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

// One reason per field, the first that applies. (A check that stops the others, zod's `abort`, would
// also stop the kind's checks across fields below, so each field's checks are one refinement.)
const refuseWith =
  <T>(reason: (value: T) => string | null) =>
  (value: T, ctx: z.RefinementCtx<T>) => {
    const message = reason(value);
    if (message) ctx.addIssue({ code: "custom", message });
  };

/** A date of the achievement (ISO, as the date input sends it): a real day, not in the future, not before 1990. */
const day = (label: string, missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .superRefine(
      refuseWith((v: string) =>
        !isDay(v) ? `${label}: неверная дата` : v > todayIso() ? `${label}: дата в будущем` : v < "1990-01-01" ? `${label}: слишком ранняя дата` : null
      )
    );

/**
 * One field of a kind with its Russian reasons. A required field that always applies is required
 * here (and so gets `required` on its input); one that applies only with some answer of another
 * field is optional here and required by its kind's object below.
 */
function fieldSchema(field: Field): z.ZodType {
  const label = field.label.replace(/\s*\(.*\)$/, "");
  const missing = `Заполните поле «${field.label}»`;
  const orMissing = (message: string) => (issue: { input: unknown }) => issue.input === undefined ? missing : message;
  let schema: z.ZodType;
  switch (field.type) {
    case "text": {
      const max = field.max ?? TEXT_MAX;
      const text = z.string({ error: missing }).trim();
      schema = (field.required && !field.showIf ? text.min(1, missing) : text).max(max, `${label}: не длиннее ${max} символов`);
      break;
    }
    case "select":
      schema = z.enum(Object.keys(field.options) as [string, ...string[]], { error: orMissing(`${label}: выберите значение из списка`) });
      break;
    case "number": {
      const { min, max, integer } = field;
      schema = z
        .number({ error: orMissing(`${label}: нужно число`) })
        .superRefine(
          refuseWith((v: number) =>
            v < min
              ? `${label}: не меньше ${min}`
              : v > max
              ? `${label}: не больше ${max}`
              : integer && !Number.isInteger(v)
              ? `${label}: нужно целое число`
              : null
          )
        );
      break;
    }
    case "date":
      schema = day(label, missing);
      break;
  }
  return field.required && !field.showIf ? schema : schema.optional();
}

const empty = (value: unknown) => value === undefined || value === "";

/** The form of one kind: the common fields, the kind's own, and what depends on other answers. */
function kindForm<K extends Kind>(kind: K) {
  const fields = KINDS[kind].fields as readonly Field[];
  return z
    .object({
      kind: z.literal(kind),
      date: day("Дата", "Укажите дату"),
      /** Which button sent it: «Сохранить черновик», or the one that sends it for verification. */
      intent: z.enum(["submit", "draft"], { error: "Неизвестное действие" }).optional(),
      /** Never read as the student (the address says whose it is): a form of another student is refused. */
      studentId: recordId("Форма относится к другому обучающемуся: откройте её заново").optional(),
      /** The attached documents to remove (when editing). */
      removeFile: stringList(recordId("Неизвестный документ: обновите страницу")),
      ...Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f)])),
    })
    .superRefine(
      (answers: Record<string, unknown>, ctx) => {
        for (const f of fields) {
          if (f.required && f.showIf && isShown(f, answers) && empty(answers[f.name]))
            ctx.addIssue({ code: "custom", path: [f.name], message: `Заполните поле «${f.label}»` });
        }
        const { periodFrom, periodTo } = answers;
        if (typeof periodFrom === "string" && typeof periodTo === "string" && ISO_DATE.test(periodFrom) && ISO_DATE.test(periodTo) && periodFrom > periodTo) {
          ctx.addIssue({ code: "custom", path: ["periodTo"], message: "Конец периода раньше начала" });
        }
      },
      // Said together with the fields' own reasons, not only once they are all right.
      { when: () => true }
    );
}

/** Each kind's form, for the constraints of the inputs the page draws for that kind. */
export const ACHIEVEMENT_KIND_FORMS = Object.fromEntries(KIND_CODES.map((kind) => [kind, kindForm(kind)])) as { [K in Kind]: ReturnType<typeof kindForm<K>> };

export interface AchievementInput extends ParsedAchievement {
  /** Sent for verification (or kept as a draft). */
  submit: boolean;
  removeFileIds: string[];
  studentId: string | undefined;
}

/** The achievement form of any kind: the kind, its date, the kind's fields that apply, and the files to remove. */
export const AchievementForm = z
  .discriminatedUnion(
    "kind",
    KIND_CODES.map((kind) => ACHIEVEMENT_KIND_FORMS[kind]) as unknown as [ReturnType<typeof kindForm>, ...ReturnType<typeof kindForm>[]],
    {
      error: "Выберите вид достижения",
    }
  )
  .transform((answers): AchievementInput => {
    const values = answers as Record<string, unknown>;
    const kind = answers.kind as Kind;
    const details: Details = {};
    for (const f of KINDS[kind].fields as readonly Field[]) {
      const value = values[f.name];
      if (isShown(f, values) && (typeof value === "number" || (typeof value === "string" && value !== ""))) details[f.name] = value;
    }
    return { kind, date: answers.date, details, submit: answers.intent !== "draft", removeFileIds: answers.removeFile, studentId: answers.studentId };
  });

const STALE = "Обновите страницу и повторите";
/** The version the verifier looked at (its last change, as the page had it): a verdict holds only for it. */
const seen = z.iso.datetime({ error: STALE });
/** A step that carries the reason the author will see; `missing` asks for it. */
const withReason = <Intent extends string>(intent: Intent, missing: string) =>
  z.object({
    intent: z.literal(intent),
    seen,
    reason: z.string({ error: missing }).trim().min(3, missing).max(REJECTION_REASON_MAX, `Не длиннее ${REJECTION_REASON_MAX} символов`),
  });
/** «Отклонить»: the verdict with its reason. */
export const AchievementRejectForm = withReason("reject", "Укажите причину отказа: её увидит автор");
/** «Отозвать подтверждение» of a verified achievement, with the reason the author and the family see. */
export const AchievementUnverifyForm = withReason("unverify", "Укажите причину отзыва: её увидят автор и семья");

/** A step of an achievement's life from its page: each button sends its `intent`. */
export const AchievementStepForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("submit") }),
    z.object({ intent: z.literal("withdraw") }),
    z.object({ intent: z.literal("delete") }),
    z.object({ intent: z.literal("verify"), seen }),
    AchievementRejectForm,
    AchievementUnverifyForm,
  ],
  { error: "Неизвестное действие" }
);
export type AchievementStep = z.infer<typeof AchievementStepForm>["intent"];

/** The orders the review queue offers. */
export const QUEUE_SORTS = { waiting: "дольше ждут", date: "по дате достижения", class: "по классу", student: "по обучающемуся" } as const;
export type QueueSort = keyof typeof QUEUE_SORTS;

/** The most entries confirmed with one press (a class's olympiad round fits). */
export const CONFIRM_MANY_MAX = 100;
const QUEUE_ENTRY = /^([0-9a-f]{24})\|(\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/i;

/** Several entries of the queue confirmed at once; each box sends «id|the version's time the verifier saw». */
export const ConfirmManyForm = z.object({
  intent: z.literal("verify-many", { error: "Неизвестное действие" }),
  entry: stringList(z.string().regex(QUEUE_ENTRY, "Обновите страницу и повторите"))
    .refine((list) => list.length > 0, "Отметьте хотя бы одно достижение")
    .refine((list) => list.length <= CONFIRM_MANY_MAX, `Не больше ${CONFIRM_MANY_MAX} достижений за раз`)
    .transform((list) => [...new Set(list)].map((v) => ({ id: v.split("|")[0], seen: v.split("|")[1] }))),
});
