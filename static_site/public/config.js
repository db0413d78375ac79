// Runtime configuration. Deploy overwrites this file with the real API base URL,
// so one build serves every environment.
window.LUODI_CONFIG = { apiBaseUrl: "http://127.0.0.1:8000" };
