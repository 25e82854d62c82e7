import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// Tauri serves the built UI from its own origin root and runs `npm run dev`
// (see src-tauri/tauri.conf.json: devUrl http://localhost:1420, frontendDist ../ui/dist).
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**"] },
  },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    // WebKitGTK (Linux) / WKWebView (macOS) and WebView2 (Windows).
    target: ["es2021", "safari15", "chrome105"],
    outDir: "dist",
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    // Whole-app tests load lazy panels and wait up to 5 s for them; on a busy 2-core CI
    // machine one such test took longer than vitest's default 5 s for the whole test.
    testTimeout: 20_000,
  },
});
