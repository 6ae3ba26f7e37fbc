// The states of a year archive's export job, as the archive page says them.
export const ARCHIVE_STATES = { running: "выгружается", done: "готов", failed: "не удался" } as const;
export type ArchiveState = keyof typeof ARCHIVE_STATES;
