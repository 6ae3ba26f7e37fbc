// The layers (README «Как устроен код»): routes → app/<feature>/ → app/domain/ and models/.
// Each rule names what it protects; `npm test` runs them (tests/lint.test.ts).
/** Modules the browser bundle may hold: not server code, not scripts or tests. */
const SERVER_ONLY = "(\\.server\\.tsx?$|^server\\.ts$|^scripts/|^tests/|\\.test\\.tsx?$)";
const IO = "^(node_modules/(mongoose|mongodb|sharp|pdf-lib|@pdf-lib|exceljs|multer|express|yauzl|yazl|file-type|qrcode|@node-rs|node-forge|@signpdf)/|(node:)?(fs|fs/promises|child_process|net|http|https|os|crypto|stream|zlib)$)";

module.exports = {
  forbidden: [
    {
      name: "models-below-app",
      comment: "models/ is the bottom layer: it imports nothing from app/ (shared vocabularies live in models/vocabulary/).",
      severity: "error",
      from: { path: "^models/" },
      to: { path: "^app/" },
    },
    {
      name: "vocabulary-pure",
      comment: "models/vocabulary/ is read by the browser too: plain data and pure functions only.",
      severity: "error",
      from: { path: "^models/vocabulary/" },
      to: { pathNot: "^(models/vocabulary/|node_modules/zod/)" },
    },
    {
      name: "domain-pure",
      comment: "app/domain/ computes the rules: no I/O, no models, no features — only other domain modules and the vocabularies.",
      severity: "error",
      from: { path: "^app/domain/", pathNot: "\\.test\\.ts$" },
      to: { pathNot: "^(app/domain/|models/vocabulary/|node_modules/zod/)" },
    },
    {
      name: "nothing-imports-a-route",
      comment: "Routes are the top layer: Remix loads them; no module imports one.",
      severity: "error",
      from: { pathNot: "^app/routes/" },
      to: { path: "^app/routes/" },
    },
    {
      name: "routes-do-not-import-routes",
      comment: "A route's shared pieces belong in app/components/ or its feature.",
      severity: "error",
      from: { path: "^app/routes/" },
      to: { path: "^app/routes/" },
    },
    {
      name: "features-below-routes",
      comment: "app/<feature>/ does not reach up into the pages or the server's entry.",
      severity: "error",
      from: { path: "^app/(?!routes/)" },
      to: { path: "^(app/root\\.tsx|app/entry\\.server\\.tsx|server\\.ts)$" },
    },
    {
      name: "server-code-stays-on-the-server",
      comment: "A module the browser may load (components, forms, vocabularies) never imports a .server module: the browser would get it empty.",
      severity: "error",
      from: { path: "^(app|models)/", pathNot: `${SERVER_ONLY}|^app/routes/|^app/root\\.tsx$` },
      to: { path: "\\.server\\.tsx?$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "io-only-in-server-modules",
      comment: "Anything that imports mongoose, sharp, pdf-lib, fs and the like ends in .server.ts (Remix keeps it out of the browser).",
      severity: "error",
      from: { path: "^(app|models)/", pathNot: `${SERVER_ONLY}|^app/entry\\.server\\.tsx$` },
      to: { path: IO, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-circular",
      comment: "A cycle means two modules are one; it also breaks the order modules load in.",
      severity: "error",
      from: { path: "^(app|models)/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(build|public/build|var|node_modules/\\.cache)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
    moduleSystems: ["es6", "cjs"],
  },
};
