import { describe, expect, it } from "vitest";
import { checkRosterTable, normaliseClassName, normalisePhone } from "./check.server";

const context = { classNames: new Set(["1А", "5А", "9Б"]), yearStart: new Date("2026-09-01T00:00:00Z") };

describe("a contingent file's columns and cells", () => {
  it("reads the parents' columns by whom they name and what they hold, and leaves the others alone", () => {
    const { rows, problems } = checkRosterTable(
      {
        headers: ["ФИО обучающегося", "Д.Р.", "Класс", "Пол", "Дата рождения матери", "ФИО матери", "Телефон матери", "Место работы отца", "Отец", "Законный представитель 2 (e-mail)"],
        rows: [{ row: 2, cells: ["Д'Арк Жанна Ивановна", "12.03.2015", "5 «а»", "ж", "01.01.1985", "Д'Арк Мария Петровна", "+7 912 000-11-22, 8 343 222-33-44", "завод", "Д'Арк Иван Сергеевич", ""] }],
      },
      context,
    );
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ lastName: "Д'Арк", firstName: "Жанна", middleName: "Ивановна", birthDate: "2015-03-12", className: "5А", gender: "f" });
    expect(rows[0].parents).toEqual([
      { lastName: "Д'Арк", firstName: "Мария", middleName: "Петровна", kin: "мать", phone: "+79120001122", email: "" },
      { lastName: "Д'Арк", firstName: "Иван", middleName: "Сергеевич", kin: "отец", phone: "", email: "" },
    ]);
  });

  it("takes class names and phones as people write them", () => {
    expect(["5А", "5 а", "5-A", "5«А»", '5 "а"'].map(normaliseClassName)).toEqual(["5А", "5А", "5А", "5А", "5А"]);
    expect(normaliseClassName("12А")).toBeNull();
    expect(["8 (912) 345-67-89", "+7 912 345 67 89", "9123456789"].map(normalisePhone)).toEqual(["+79123456789", "+79123456789", "+79123456789"]);
    expect(normalisePhone("345-67-89")).toBeNull();
  });

  it("lets a first-grader be five on 1 September, but not a ninth-grader three", () => {
    const table = (birth: string, className: string) => ({ headers: ["ФИО", "Дата рождения", "Класс", "Пол"], rows: [{ row: 2, cells: ["Иванов Иван", birth, className, "м"] }] });
    expect(checkRosterTable(table("15.10.2020", "1А"), context).problems).toEqual([]);
    expect(checkRosterTable(table("15.10.2023", "9Б"), context).problems[0].message).toContain("ученику 2 года — не возраст 9-го класса");
  });
});
