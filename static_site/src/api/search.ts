/** Global search (`GET /search`): its types and call. */
import { client } from "./index";

export type SearchKind = "person" | "unit" | "indicator_set" | "indicator" | "task";

export interface SearchHit {
  kind: SearchKind;
  id: string;
  title: string;
  subtitle: string;
  unit_id?: string | null;
  set_id?: string | null;
  period?: string | null;
  state?: string | null;
}

export interface SearchGroup {
  kind: SearchKind;
  items: SearchHit[];
  more: boolean;
}

export interface SearchResult {
  q: string;
  groups: SearchGroup[];
}

export const searchApi = {
  search: (q: string, limit = 8) => client.get<SearchResult>("/search", { q, limit }),
};
