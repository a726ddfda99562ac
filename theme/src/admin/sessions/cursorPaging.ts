import type { SessionView } from "../../shared/session";

/** How a page is asked of the server: by a cursor of the page shown, or by offset. */
export type PageRequest = { first?: number; after?: string; before?: string; max: number };

/** The page the table shows, as it was read and what the server answered about its neighbours. */
export type ShownPage = {
  /** The query it belongs to (filters, sort, user): a cursor is worth nothing under another. */
  scope: string;
  first: number;
  size: number;
  request: PageRequest;
  next?: string | null;
  previous?: string | null;
};

/**
 * Maps KeycloakDataTable's (first, size) to the server's paging. A step to the next or the previous page goes by the
 * shown page's cursors, so a deep page costs what the first costs; the first page is read without a cursor, the same
 * page again (a refresh) as it was read; anything else (a changed page size, a page of another query) by offset.
 */
export function pageRequest(shown: ShownPage | undefined, scope: string, first: number, size: number): PageRequest {
  if (first <= 0) return { max: size };
  if (shown && shown.scope === scope && shown.size === size) {
    if (first === shown.first + size && shown.next) return { after: shown.next, max: size };
    if (first === shown.first - size && shown.previous) return { before: shown.previous, max: size };
    if (first === shown.first) return shown.request;
  }
  return { first, max: size };
}

/**
 * The rows to hand KeycloakDataTable. It asks for one row more than it shows and offers "next" only when it gets it,
 * while the server says by `next` whether there is a page after: then the last row is repeated, past what is shown.
 */
export function tableRows(items: SessionView[], next: string | null | undefined): SessionView[] {
  return next && items.length > 0 ? [...items, items[items.length - 1]] : items;
}
