// Login slips: one per family, to be cut apart and handed over — the registry's address, how to
// sign in, and each family member's login with its one-time password. Never stored: the PDF is
// made for the one answer that carries it.
import { PdfWriter } from "~/documents/pdf-kit.server";
import { formatDateTime } from "~/domain/format";
import { MIN_PASSWORD_LENGTH } from "~models/user.server";
import type { LoginSlip } from "./accounts.server";

export async function loginSlipsPdf({ schoolName, origin, slips, at = new Date() }: { schoolName: string; origin: string; slips: LoginSlip[]; at?: Date }) {
  const title = "Листки входа в реестр достижений";
  const pdf = await PdfWriter.create({ title, subject: title, author: schoolName });
  for (const slip of slips) {
    // A slip is never split between two pages.
    pdf.ensureSpace(118 + slip.accounts.length * 16);
    pdf.text(schoolName, { size: 8.5, muted: true, after: 1 });
    pdf.text(`Вход в реестр достижений: ${slip.children.map((c) => `${c.name}${c.className ? `, ${c.className}` : ""}`).join("; ")}`, { size: 11, bold: true, after: 3 });
    pdf.text(`Адрес: ${origin}`, { size: 10, after: 3 });
    pdf.table(
      [
        { header: "Кто", width: 5 },
        { header: "Логин", width: 3 },
        { header: "Пароль для первого входа", width: 3.2 },
      ],
      slip.accounts.map((a) => [`${a.name} (${a.who})`, a.login, a.password ?? "прежний: учётная запись уже была"]),
      { size: 9.5 },
    );
    pdf.text(
      `Откройте адрес, введите логин и пароль. При первом входе придумайте свой пароль (не короче ${MIN_PASSWORD_LENGTH} символов): пароль с листка действует только до этого. Листок храните в недоступном для посторонних месте или уничтожьте после входа.`,
      { size: 8.5, muted: true, after: 2 },
    );
    pdf.cutLine();
  }
  return pdf.finish(`${schoolName}. Листки входа выданы ${formatDateTime(at)}. Содержат пароли: не пересылайте и не оставляйте без присмотра.`);
}
