/** Runtime configuration read from `window.LUODI_CONFIG` (public/config.js, overwritten at deploy). */
export interface RuntimeConfig {
  apiBaseUrl: string;
}

declare global {
  interface Window {
    LUODI_CONFIG?: Partial<RuntimeConfig>;
  }
}

const DEFAULT_API = "http://127.0.0.1:8000";

export function runtimeConfig(): RuntimeConfig {
  const raw = (typeof window !== "undefined" && window.LUODI_CONFIG) || {};
  const apiBaseUrl = (raw.apiBaseUrl || DEFAULT_API).replace(/\/+$/, "");
  return { apiBaseUrl };
}
