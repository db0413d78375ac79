/**
 * Org lists (units, positions, people) shared by every screen that shows names for ids. Loaded
 * once per sign-in on demand; a failure is not cached so the next screen retries.
 */
import { shallowRef } from "vue";
import { api } from "./api";
import type { Person, Position, Unit } from "./api/types";

type Loader<T> = { data: ReturnType<typeof shallowRef<T[] | null>>; promise: Promise<T[]> | null; load: () => Promise<T[]> };

function cached<T>(fetcher: () => Promise<T[]>): Loader<T> {
  const c: Loader<T> = {
    data: shallowRef<T[] | null>(null),
    promise: null,
    load() {
      if (c.data.value) return Promise.resolve(c.data.value);
      if (!c.promise) {
        c.promise = fetcher()
          .then((v) => {
            c.data.value = v;
            return v;
          })
          .finally(() => {
            c.promise = null;
          });
      }
      return c.promise;
    },
  };
  return c;
}

export const orgCache = {
  units: cached<Unit>(() => api.units()),
  positions: cached<Position>(() => api.positions()),
  people: cached<Person>(() => api.people()),
  clear() {
    this.units.data.value = null;
    this.positions.data.value = null;
    this.people.data.value = null;
  },
};

/** Name lookups over whatever has been loaded ("" when unknown). */
export function useNames() {
  const unit = (id?: string | null) => (id ? orgCache.units.data.value?.find((u) => u.unit_id === id)?.name ?? "" : "");
  const position = (id?: string | null) =>
    id ? orgCache.positions.data.value?.find((p) => p.position_id === id)?.title ?? "" : "";
  const person = (id?: string | null) => (id ? orgCache.people.data.value?.find((p) => p.person_id === id)?.name ?? "" : "");
  /** Load the lists (errors ignored: names then fall back to blanks). */
  const load = (...which: Array<"units" | "positions" | "people">) =>
    Promise.all(which.map((w) => orgCache[w].load().catch(() => []))).then(() => undefined);
  return { unit, position, person, load };
}
