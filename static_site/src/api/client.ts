/**
 * Typed fetch wrapper: adds the bearer token, sends/reads JSON, and turns failures into ApiError.
 * The token getter and 401 handler are injected so the client stays testable and free of UI code.
 */
import { ApiError, toApiError } from "./errors";

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface ClientOptions {
  baseUrl: () => string;
  /** The UI's language ("zh-CN" | "en"), sent as Accept-Language so the API answers in it. */
  locale?: () => string;
  /** Returns a fresh IdToken (refreshing if needed) or null when signed out. */
  getToken?: () => Promise<string | null>;
  /** Called once per 401 so the app can sign out / redirect. */
  onUnauthorized?: () => void;
  fetchImpl?: typeof fetch;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  auth?: boolean;
  signal?: AbortSignal;
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
}

export class ApiClient {
  constructor(private readonly opts: ClientOptions) {}

  url(path: string, query?: RequestOptions["query"]): string {
    const base = this.opts.baseUrl().replace(/\/+$/, "");
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
    }
    const q = qs.toString();
    return `${base}${path.startsWith("/") ? path : `/${path}`}${q ? `?${q}` : ""}`;
  }

  async request<T>(method: Method, path: string, ro: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json", ...ro.headers };
    const locale = this.opts.locale?.();
    if (locale) headers["Accept-Language"] = locale;
    if (ro.body !== undefined) headers["Content-Type"] = "application/json";
    if (ro.auth !== false && this.opts.getToken) {
      const token = await this.opts.getToken();
      if (token) headers.Authorization = `Bearer ${token}`;
    }
    const doFetch = this.opts.fetchImpl ?? globalThis.fetch.bind(globalThis);
    let res: Response;
    try {
      res = await doFetch(this.url(path, ro.query), {
        method,
        headers,
        body: ro.body === undefined ? undefined : JSON.stringify(ro.body),
        signal: ro.signal,
      });
    } catch (err) {
      if ((err as Error)?.name === "AbortError") throw err;
      // The browser's own text ("Failed to fetch") is English whatever the UI language: screens show
      // common.networkError for status 0, the original text is kept for the console only.
      throw new ApiError(0, "network", (err as Error)?.message || "network error");
    }
    const text = await res.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    if (!res.ok) {
      const error = toApiError(res.status, body, text.slice(0, 200));
      if (error.isUnauthorized) this.opts.onUnauthorized?.();
      throw error;
    }
    return body as T;
  }

  get<T>(path: string, query?: RequestOptions["query"], ro: Omit<RequestOptions, "query"> = {}): Promise<T> {
    return this.request<T>("GET", path, { ...ro, query });
  }
  post<T>(path: string, body?: unknown, ro: RequestOptions = {}): Promise<T> {
    return this.request<T>("POST", path, { ...ro, body: body ?? {} });
  }
  put<T>(path: string, body: unknown, ro: RequestOptions = {}): Promise<T> {
    return this.request<T>("PUT", path, { ...ro, body });
  }
  patch<T>(path: string, body: unknown, ro: RequestOptions = {}): Promise<T> {
    return this.request<T>("PATCH", path, { ...ro, body });
  }
  delete<T>(path: string, ro: RequestOptions = {}): Promise<T> {
    return this.request<T>("DELETE", path, ro);
  }
}
