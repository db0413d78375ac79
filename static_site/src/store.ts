/** App-wide state beyond the session: the /me profile and the public /config (both cached). */
import { shallowRef } from "vue";
import { api } from "./api";
import { ApiError } from "./api/errors";
import { session } from "./auth/session";
import type { Me, PublicConfig } from "./api/types";
import { orgCache } from "./orgCache";
import { currentLocale, savedLocale, setLocale } from "./i18n";

let configPromise: Promise<PublicConfig> | null = null;

/** GET /config once; a failure is not cached so a retry can succeed. */
export function loadPublicConfig(): Promise<PublicConfig> {
  if (!configPromise) {
    configPromise = api.config().catch((e) => {
      configPromise = null;
      throw e;
    });
  }
  return configPromise;
}
session.useConfigLoader(loadPublicConfig);

export const meError = shallowRef<ApiError | null>(null);
let mePromise: Promise<Me | null> | null = null;

/** Loads /me for the signed-in user (once per sign-in). Never throws. */
export function ensureMe(force = false): Promise<Me | null> {
  if (!session.signedIn) return Promise.resolve(null);
  if (session.state.me && !force) return Promise.resolve(session.state.me);
  if (force) orgCache.clear(); // a new sign-in may be another user or tenant
  if (!mePromise || force) {
    mePromise = api
      .me()
      .then((me) => {
        session.setMe(me);
        // The profile's language applies until the user picks one on this device.
        if (!savedLocale() && (me.locale === "en" || me.locale === "zh-CN") && me.locale !== currentLocale()) {
          void setLocale(me.locale, false);
        }
        meError.value = null;
        return me;
      })
      .catch((e: unknown) => {
        meError.value = e instanceof ApiError ? e : new ApiError(-1, "client_error", String(e));
        return null;
      })
      .finally(() => {
        mePromise = null;
      });
  }
  return mePromise;
}

export function signOut(): void {
  session.signOut();
  orgCache.clear();
  meError.value = null;
}
