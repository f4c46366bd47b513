// The guides in docs/api/ are the one text of the reference: imported as text at build time and
// rendered on the page, so the portal shows what the repository (and its tests) say, never a copy.
import actionApi from '../../../../../../docs/api/action-api.md?raw';
import bend from '../../../../../../docs/api/bend-v1.md?raw';
import tokens from '../../../../../../docs/api/tokens.md?raw';
import webhooks from '../../../../../../docs/api/webhooks.md?raw';

export type DoorId = 'bend' | 'action-api' | 'tokens' | 'webhooks';

/** Every door a merchant uses, in page order; `id` is the section's anchor (/api-docs#webhooks). */
export const DOORS: ReadonlyArray<{ id: DoorId; file: string; source: string }> = [
  { id: 'bend', file: 'bend-v1.md', source: bend },
  { id: 'action-api', file: 'action-api.md', source: actionApi },
  { id: 'tokens', file: 'tokens.md', source: tokens },
  { id: 'webhooks', file: 'webhooks.md', source: webhooks },
];

/** Where a guide's link points on this page: its own or another guide's heading, or nowhere. */
export function pageHref(door: DoorId, href: string): string | null {
  if (/^https?:\/\//.test(href)) return href;
  if (href.startsWith('#')) return `#${door}-${href.slice(1)}`;
  // A sibling guide (`webhooks.md`, `bend-v1.md#endpoints`) is a section of this page.
  const m = /^(?:\.\/)?([\w-]+\.md)(?:#(.+))?$/.exec(href);
  const target = m && DOORS.find((d) => d.file === m[1]);
  if (target) return m[2] ? `#${target.id}-${m[2]}` : `#${target.id}`;
  // Anything else is a file of the repository (a spec, an example), which the portal does not serve.
  return null;
}

/**
 * The guide as the page renders it: its title goes (the page's translated heading replaces it),
 * and what a guide holds between its examples markers (the B-End guide's copies of its clients,
 * the webhooks guide's table of receivers, which names files the portal does not serve) is cut
 * out: the page shows the files themselves there, in tabs.
 */
export function splitGuide(source: string): { before: string; after: string | null } {
  const body = source.replace(/^# .*\n/, '');
  const begin = body.indexOf('<!-- examples:begin -->');
  const end = body.indexOf('<!-- examples:end -->');
  if (begin < 0 || end < begin) return { before: body, after: null };
  return { before: body.slice(0, begin), after: body.slice(end + '<!-- examples:end -->'.length) };
}
