/** Kinds of measure in an individual educational route (seed 000 §6.2), shared by the page and the model. */
export const MEASURE_KINDS = { lessons: "дополнительные занятия", consultation: "консультации", correction: "коррекционная программа", other: "другое" } as const;
