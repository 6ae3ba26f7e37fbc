// The installation's own secret (it signs session cookies and encrypts the school's signing key):
// SESSION_SECRET, or one generated on the first start and kept in the data folder, readable only
// by the registry's user. The server and the command-line tools on the same folder share it.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function instanceSecret(dataDir: string, given?: string): string {
  if (given) return given;
  const file = path.join(dataDir, "session-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    // Written whole under another name, then linked into place: a process starting beside this
    // one never reads a half-written secret, and the first link wins.
    const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
    fs.writeFileSync(draft, crypto.randomBytes(32).toString("hex"), { mode: 0o600 });
    try {
      fs.linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      fs.rmSync(draft, { force: true });
    }
  }
  return fs.readFileSync(file, "utf8").trim();
}
