/**
 * Wording of `FactSource.retrievedVia` for facts read through the project's document search tool rather than
 * the live site. One place, so every preset states it the same way and `vendors:report` can show it.
 */

/** A vendor page read from the search tool's stored copy (the live site was not reachable from here). */
export function viaStoredPage(date: string, pageDate?: string): string {
  const dated = pageDate ?? "the page shows no date";
  return `read ${date} through the search tool's stored copy of the page, not the live site; ${dated}`;
}

/** A file of the vendor's public docs repository, read from the search tool's stored copy at `commit`. */
export function viaStoredRepoFile(date: string, repo: string, path: string, commit: string): string {
  return `read ${date} from the search tool's stored copy of ${repo} ${path} at commit ${commit.slice(0, 8)} (not necessarily the newest), not the live site`;
}
