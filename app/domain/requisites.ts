// The checksums of an organisation's registration numbers, as the tax service computes them:
// ИНН of a legal entity (10 digits, the last a check digit over the first nine) and ОГРН (13 digits,
// the last the remainder of the first twelve divided by 11, its last digit). Pure: the card's form
// checks them in the browser and on the server alike.

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];

/** Whether ten digits are a valid ИНН of an organisation (its check digit agrees). */
export function innChecksumOk(inn: string): boolean {
  if (!/^\d{10}$/.test(inn)) return false;
  const sum = INN10_WEIGHTS.reduce((s, w, i) => s + w * Number(inn[i]), 0);
  return (sum % 11) % 10 === Number(inn[9]);
}

/** Whether thirteen digits are a valid ОГРН (its check digit agrees). */
export function ogrnChecksumOk(ogrn: string): boolean {
  if (!/^\d{13}$/.test(ogrn)) return false;
  // The remainder of the first twelve digits by 11, taken digit by digit.
  let remainder = 0;
  for (const digit of ogrn.slice(0, 12)) remainder = (remainder * 10 + Number(digit)) % 11;
  return remainder % 10 === Number(ogrn[12]);
}

/**
 * Whether eleven digits are a valid СНИЛС: the last two are the check number of the first nine
 * (each digit times its weight 9…1, summed; 100 and 101 read 00; above 101 the remainder by 101,
 * then 100 reads 00 again). Numbers up to 001-001-998 were issued before the check and pass as they are.
 */
export function snilsChecksumOk(snils: string): boolean {
  if (!/^\d{11}$/.test(snils)) return false;
  const number = Number(snils.slice(0, 9));
  if (number <= 1001998) return true;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(snils[i]) * (9 - i);
  const check = sum < 100 ? sum : sum <= 101 ? 0 : sum % 101 === 100 ? 0 : sum % 101;
  return check === Number(snils.slice(9));
}
