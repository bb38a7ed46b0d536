import { defineConfig } from "vitest/config";

// Flows in Debian's Chromium (playwright-core) against the UI served by Vite in `browser`
// mode, i.e. with the in-memory fake backend.
export default defineConfig({
  test: {
    environment: "node",
    include: ["tests/browser/**/*.test.ts"],
    globalSetup: ["tests/browser/serve.ts"],
    testTimeout: 30000,
    hookTimeout: 60000,
    fileParallelism: false,
  },
});
