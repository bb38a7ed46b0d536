import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

// `--mode browser` runs the UI in a plain browser against the in-memory fake backend
// (fast UI tests, design work); every other mode talks to the Tauri backend.
export default defineConfig({
  plugins: [vue()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "es2022", chunkSizeWarningLimit: 1200 },
});
