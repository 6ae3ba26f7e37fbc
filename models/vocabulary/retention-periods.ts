// Storage periods of each kind of record (seed 004 §7; the design's storage periods). The personal
// file's period comes from the federal list; the others are the school's own, by its nomenclature
// of files: each period is a school setting with its source written beside it.
import { z } from "zod";

export const RETENTION_KINDS = {
  personalFile: {
    label: "Личное дело обучающегося: достижения и их документы, выписки, заявления о зачёте, ГИР, сопровождение",
    after: "выбытия обучающегося",
    years: 3,
    source: "Приказ Росархива № 236 от 20.12.2019 (Перечень типовых управленческих архивных документов)",
  },
  classRegisters: {
    label: "Сводные ведомости успеваемости и посещаемости классов (отметки года)",
    after: "окончания учебного года",
    years: 25,
    source: "номенклатура дел школы (по Перечню, Приказ Росархива № 236 от 20.12.2019)",
  },
  auditLog: {
    label: "Журнал доступа к записям",
    after: "записи в журнал",
    years: 5,
    source: "локальный акт школы о защите персональных данных",
  },
} as const;
export type RetentionKind = keyof typeof RETENTION_KINDS;
export const RETENTION_KIND_NAMES = Object.keys(RETENTION_KINDS) as RetentionKind[];

export interface RetentionPeriod {
  kind: RetentionKind;
  label: string;
  years: number;
  after: string;
  source: string;
}

/** The bounds of a period a school sets: the settings page and the stored settings use the same. */
export const RETENTION_LIMITS = { years: { min: 1, max: 100 }, source: { min: 3, max: 300 } } as const;

const StoredPeriod = z.object({
  years: z.number().int().min(RETENTION_LIMITS.years.min).max(RETENTION_LIMITS.years.max),
  source: z.string().trim().min(RETENTION_LIMITS.source.min).max(RETENTION_LIMITS.source.max),
});

/** The school's periods (settings.retention), each kind falling back to its written default. */
export function retentionFrom(stored: unknown): RetentionPeriod[] {
  const raw = (stored && typeof stored === "object" ? stored : {}) as Record<string, unknown>;
  return RETENTION_KIND_NAMES.map((kind) => {
    const own = StoredPeriod.safeParse(raw[kind]);
    const base = RETENTION_KINDS[kind];
    return { kind, label: base.label, after: base.after, years: own.success ? own.data.years : base.years, source: own.success ? own.data.source : base.source };
  });
}

/** The day a record kept `years` after `from` may be removed. */
export function expiresOn(from: Date, years: number) {
  const at = new Date(from);
  at.setUTCFullYear(at.getUTCFullYear() + years);
  return at;
}
