import { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { pickSchool } from "./cli-school";

const school = (name: string, shortName: string) => ({ _id: new Types.ObjectId(), name, shortName });
const seventeen = school("Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 17»", "МБОУ СОШ № 17");
const lyceum = school("Муниципальное автономное общеобразовательное учреждение «Лицей № 1 имени Ё. Ёлкина»", "МАОУ Лицей № 1");
const both = [seventeen, lyceum];

describe("which school a command-line tool works on (--school)", () => {
  it("takes the id, the full name or the short name, whatever its case or «ё»", () => {
    expect(pickSchool(both, String(lyceum._id))).toEqual({ school: lyceum });
    expect(pickSchool(both, seventeen.name)).toEqual({ school: seventeen });
    expect(pickSchool(both, "МАОУ Лицей № 1")).toEqual({ school: lyceum });
    // «мбоу сош № 1» would be part of «№ 17»'s name as well: a whole name is taken first.
    const first = school("Средняя общеобразовательная школа № 1", "МБОУ СОШ № 1");
    expect(pickSchool([seventeen, first], "мбоу сош № 1")).toEqual({ school: first });
  });

  it("takes a part of a name when only one school has it, whatever its case, «ё» or spaces", () => {
    expect(pickSchool(both, "№ 17")).toEqual({ school: seventeen, byPart: true });
    expect(pickSchool(both, "лицей")).toEqual({ school: lyceum, byPart: true });
    expect(pickSchool(both, "елкина")).toEqual({ school: lyceum, byPart: true });
    expect(pickSchool(both, "школа  №  17")).toEqual({ school: seventeen, byPart: true });
    expect(pickSchool(both, "№17")).toEqual({ school: seventeen, byPart: true });
  });

  it("says why when the part fits several schools or none, or when several are there and none is named", () => {
    expect(pickSchool(both, "№ 1")).toEqual({ problem: expect.stringMatching(/^«№ 1» есть в названиях нескольких школ: .*Лицей.*укажите точнее или id\.$/) });
    expect(pickSchool(both, "гимназия")).toEqual({ problem: expect.stringMatching(/^школы «гимназия» в базе нет; есть: .*№ 17.*Лицей/) });
    expect(pickSchool(both, undefined)).toEqual({ problem: expect.stringMatching(/^в базе несколько школ: укажите --school/) });
    expect(pickSchool([seventeen], undefined)).toEqual({ school: seventeen });
    expect(pickSchool([], "№ 17")).toEqual({ problem: "в базе нет ни одной школы." });
  });
});
