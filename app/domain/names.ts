// How names typed by people are compared: in a school's files, on a page, against the register.

/** Names compared the way people type them: case, ё/е, the apostrophe's spelling and extra spaces do not matter. */
export const nameKey = (name: string) =>
  name.normalize("NFC").toLocaleLowerCase("ru").replaceAll("ё", "е").replace(/[’ʼ`´]/g, "'").replace(/\s+/g, " ").trim();
