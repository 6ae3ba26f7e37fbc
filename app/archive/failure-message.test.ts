// What the archive page says when an export fails: never a database's own message (ids, hosts, paths).
import { describe, expect, it } from "vitest";
import { RefusedByRule } from "~/http/refusals";
import { DamagedStoredFile } from "~models/archive-collections.server";
import { ArchiveStopped } from "./export.server";
import { failureMessage } from "./jobs.server";

describe("a failed export's message on the archive page", () => {
  it("says a refusal and a known stop as they are, and anything else only points to the server's log", () => {
    expect(failureMessage(new RefusedByRule("В архиве больше 65 535 файлов: такой архив в одном файле не сохраняется."))).toBe("В архиве больше 65 535 файлов: такой архив в одном файле не сохраняется.");
    const damaged = new DamagedStoredFile("6b100c2c2effb87ff8d464d0", "повреждён в хранилище: частей 1 из 2");
    expect(failureMessage(new ArchiveStopped(`Документ «files/5А/Иванов/грамота.jpg» ${damaged.reason}`, { cause: damaged }))).toBe(
      "Выгрузка прервана: Документ «files/5А/Иванов/грамота.jpg» повреждён в хранилище: частей 1 из 2",
    );
    const driver = new Error("E11000 duplicate key error collection: registry.archive.chunks index: files_id_1_n_1 dup key: { files_id: ObjectId('6b100c2c2effb87ff8d464d0'), n: 0 }");
    expect(failureMessage(driver)).toBe("Выгрузка прервана из-за внутренней ошибки: см. журнал сервера");
  });
});
