// How names typed by people are compared: in a school's files, on a page, against the register.

/** Names compared the way people type them: case, ё/е and extra spaces do not matter. */
export const nameKey = (name: string) => name.toLocaleLowerCase("ru").replaceAll("ё", "е").replace(/\s+/g, " ").trim();
