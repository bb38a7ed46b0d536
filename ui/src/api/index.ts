import type { Backend } from "./backend";

export type { Backend } from "./backend";
export { BackendError } from "./errors";

let chosen: Backend | undefined;

// Vite replaces `import.meta.env.MODE` at build time, so the production bundle contains
// only the Tauri backend; the fake is loaded in `browser` mode alone.
export async function backend(): Promise<Backend> {
  if (!chosen) {
    chosen =
      import.meta.env.MODE === "browser"
        ? (await import("./fake")).createFakeBackend()
        : (await import("./tauri")).tauriBackend;
  }
  return chosen;
}
