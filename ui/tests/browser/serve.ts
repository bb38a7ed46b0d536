// Global setup for the browser tests: serve the UI with Vite in `browser` mode (fake
// backend) on a free loopback port and hand the URL to the tests.
import { createServer } from "vite";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await createServer({
    mode: "browser",
    server: { port: 0, strictPort: false, host: "127.0.0.1" },
    logLevel: "warn",
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error("Vite did not report a URL");
  project.provide("baseUrl", url);
  return async () => {
    await server.close();
  };
}
