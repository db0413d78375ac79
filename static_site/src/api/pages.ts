/**
 * Paged lists. Every list the API returns is a page: `{ items, next_cursor }` (null on the last
 * page), read with `limit` (each list states its maximum) and `cursor` (the previous page's
 * `next_cursor`). Screens that need a whole list (the org chart, pickers, the data-entry grid) read
 * every page with `allPages`; lists that grow without bound (inbox, tasks, documents, a thread)
 * show a page and a "load more" button (`usePaged` in composables/usePaged.ts).
 */

export interface Paged {
  next_cursor?: string | null;
}

export interface Page<T> extends Paged {
  items: T[];
}

/** More pages than this is a runaway (or a list far bigger than a screen should load whole). */
export const MAX_PAGES = 50;

/**
 * Every page of a list, merged: the first page's other fields with every page's `items`.
 * `load(cursor)` reads one page (no cursor: the first).
 */
export async function allPages<P extends Page<unknown>>(load: (cursor?: string) => Promise<P>): Promise<P> {
  const first = await load();
  const items: unknown[] = [...first.items];
  let page: P = first;
  for (let n = 1; page.next_cursor; n++) {
    if (n >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages`);
    page = await load(page.next_cursor);
    items.push(...page.items);
  }
  return { ...first, items, next_cursor: null } as P;
}
