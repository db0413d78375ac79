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
  // vue-i18n feature flags: Composition API only (smaller bundle), no devtools in production.
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
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
