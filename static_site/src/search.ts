/** Global search: where a hit opens, for the caller's roles, and the order groups are shown in. */
import type { Me } from "./api/types";
import type { SearchGroup, SearchHit, SearchKind } from "./api/search";
import { hasRole } from "./roles";

export const KIND_ORDER: SearchKind[] = ["person", "unit", "indicator", "indicator_set", "task"];

/** Words worth sending: trimmed, at most 50 characters (the API's limit); "" sends nothing. */
export function searchWords(raw: string): string {
  return raw.trim().slice(0, 50);
}

export function orderedGroups(groups: SearchGroup[]): SearchGroup[] {
  return [...groups].filter((g) => g.items.length).sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

const leads = (me: Me | null | undefined, unitId: string) =>
  hasRole(me, "executive", "admin", "hr") || (me?.managed_unit_ids ?? []).includes(unitId);

/** The screen a hit opens for this user (a screen they may see). */
export function hitPath(hit: SearchHit, me: Me | null | undefined): string {
  const enc = encodeURIComponent;
  switch (hit.kind) {
    case "person":
      if (me?.person_id && hit.id === me.person_id) return "/mine";
      if (hasRole(me, "hr", "admin")) return `/org/people/${enc(hit.id)}`;
      if (hasRole(me, "executive", "manager") || (me?.managed_unit_ids ?? []).length) return `/people/${enc(hit.id)}/file`;
      return "/org";
    case "unit":
      return leads(me, hit.id) ? `/dashboard/unit/${enc(hit.id)}` : "/org";
    case "indicator_set":
      return hasRole(me, "hr", "admin") ? `/hr/sets/${enc(hit.id)}` : `/sets/${enc(hit.id)}/edit`;
    case "indicator":
      return hit.set_id ? `/mine?set=${enc(hit.set_id)}` : "/mine";
    case "task":
      return `/tasks/${enc(hit.id)}`;
  }
}
