/** vue-i18n setup: zh-CN default, English second; the choice persists (not personal data). */
import { createI18n } from "vue-i18n";
import { Locale as VantLocale } from "vant";
import vantZhCN from "vant/es/locale/lang/zh-CN";
import zhCN from "./zh-CN";
import en from "./en";
import type { Locale } from "../format";

export const LOCALE_KEY = "luodi.locale";
export const LOCALES: Locale[] = ["zh-CN", "en"];

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(LOCALE_KEY);
    if (saved === "en" || saved === "zh-CN") return saved;
  } catch {
    /* storage may be blocked */
  }
  return "zh-CN";
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: "zh-CN",
  messages: { "zh-CN": zhCN, en },
});

async function applyVantLocale(locale: Locale): Promise<void> {
  if (locale === "en") {
    const { default: enUS } = await import("vant/es/locale/lang/en-US");
    VantLocale.use("en-US", enUS);
  } else {
    VantLocale.use("zh-CN", vantZhCN);
  }
}

/** The user's own choice on this device, if any (else the profile's locale may apply). */
export function savedLocale(): Locale | null {
  try {
    const saved = localStorage.getItem(LOCALE_KEY);
    return saved === "en" || saved === "zh-CN" ? saved : null;
  } catch {
    return null;
  }
}

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

export async function setLocale(locale: Locale, remember = true): Promise<void> {
  i18n.global.locale.value = locale;
  if (remember) {
    try {
      localStorage.setItem(LOCALE_KEY, locale);
    } catch {
      /* ignore */
    }
  }
  document.documentElement.lang = locale;
  await applyVantLocale(locale);
}

export function initLocale(): void {
  const l = currentLocale();
  document.documentElement.lang = l;
  if (l !== "zh-CN") void applyVantLocale(l);
}

/**
 * A server message for a field the form does not show, with the field's name in the UI's language:
 * "indicators.0.formula" + "未定义的指标项：x" -> "公式：未定义的指标项：x". Null when the field has no
 * name here (the message is then shown alone: a raw field path is never shown to a person).
 */
export function labelled(field: string, message: string): string | null {
  const name = field
    .split(/[.[\]]/)
    .filter((part) => part && !/^\d+$/.test(part))
    .pop();
  const key = `fields.${name}`;
  if (!name || !i18n.global.te(key)) return null;
  return i18n.global.t("fields.line", { label: i18n.global.t(key), message });
}
