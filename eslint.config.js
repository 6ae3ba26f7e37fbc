// Lint rules that hold the code's shape (README «Как устроен код»): the data layer is models/ alone,
// routes never touch mongoose, hooks are used as React requires. The import layers themselves are
// dependency-cruiser's (.dependency-cruiser.cjs).
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** A mongoose model may be named only inside models/: everything else calls the named functions there. */
const modelsOnly = {
  patterns: [
    {
      group: ["~models/*", "../models/*", "../../models/*", "../../../models/*"],
      importNamePattern: "Model$",
      message: "Данные читаются и пишутся только через именованные функции models/*.server.ts.",
    },
  ],
  paths: [{ name: "mongoose", importNames: ["default"], message: "mongoose используется только в models/." }],
};

export default tseslint.config(
  { ignores: ["build/", "public/build/", "node_modules/", "var/", ".cache/"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs,cjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      ...jsxA11y.flatConfigs.recommended.rules,
    },
  },
  {
    files: ["app/**", "scripts/**", "server.ts"],
    rules: { "no-restricted-imports": ["error", modelsOnly] },
  },
  {
    files: ["app/routes/**"],
    rules: {
      "no-restricted-imports": ["error", { ...modelsOnly, paths: [{ name: "mongoose", message: "Страницы не работают с mongoose: только функции models/ и app/<раздел>/." }] }],
    },
  },
);
