// Where a student goes when the school year is closed (the year page and the closing share it).
export const MOVES = { promote: "переводится", repeat: "остаётся на второй год", leave: "выбывает" } as const;
export type Move = keyof typeof MOVES;
