/** Test helpers: a fresh i18n + memory router per mount, and a scripted fetch. */
import { createI18n } from "vue-i18n";
import { createMemoryHistory, createRouter, type RouteRecordRaw } from "vue-router";
import { vi } from "vitest";
import zhCN from "../src/i18n/zh-CN";
import en from "../src/i18n/en";

export function makeI18n(locale: "zh-CN" | "en" = "zh-CN") {
  return createI18n({ legacy: false, locale, fallbackLocale: "zh-CN", messages: { "zh-CN": zhCN, en } });
}

const Blank = { template: "<div />" };

export function makeRouter(extra: RouteRecordRaw[] = []) {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      ...extra,
      // Stubs for every named route the screens navigate to.
      ...[
        ["/signin", "signin"],
        ["/signup", "signup"],
        ["/accept-invite", "accept-invite"],
        ["/dashboard/unit/:unitId?", "unit"],
        ["/sets/new", "set-new"],
        ["/sets/:setId/edit", "set-edit"],
        ["/hr", "hr"],
        ["/hr/sets/:setId", "hr-review"],
        ["/mine", "mine"],
      ]
        .filter(([, name]) => !extra.some((r) => r.name === name))
        .map(([path, name]) => ({ path, name, component: Blank })),
      { path: "/:p(.*)*", name: "any", component: Blank },
    ],
  });
}

export interface Scripted {
  method?: string;
  path: string | RegExp;
  status?: number;
  body?: unknown;
}

/** A fetch that answers by (method, path); unmatched requests get a 404 like a missing route. */
export function scriptedFetch(routes: Scripted[]) {
  const calls: Array<{ method: string; url: string; body: unknown; headers: Record<string, string> }> = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = (init?.method ?? "GET").toUpperCase();
    const path = new URL(url).pathname;
    calls.push({
      method,
      url,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      headers: (init?.headers ?? {}) as Record<string, string>,
    });
    const hit = routes.find(
      (r) => (r.method ?? "GET") === method && (typeof r.path === "string" ? r.path === path : r.path.test(path)),
    );
    const status = hit ? hit.status ?? 200 : 404;
    const body = hit ? hit.body : { message: "Not Found" };
    return new Response(body === undefined ? "" : JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}
