/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";
import Components from "unplugin-vue-components/vite";
import { VantResolver } from "@vant/auto-import-resolver";

// Relative base so the built files work from any S3 prefix / CloudFront path.
export default defineConfig({
  base: "./",
  plugins: [
    vue(),
    // Per-component imports (JS + CSS) of Vant; no global registration.
    Components({ resolvers: [VantResolver()], dts: "src/components.d.ts" }),
  ],
  build: {
    outDir: "dist",
    manifest: true,
    target: "es2020",
    chunkSizeWarningLimit: 700,
  },
  test: {
    environment: "happy-dom",
    include: ["tests/**/*.spec.ts"],
    css: false,
    server: { deps: { inline: ["vant"] } },
  },
});
