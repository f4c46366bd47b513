/**
 * axe-core in the page under test. The source is evaluated through the DevTools protocol, not
 * added as a <script>, so the app's strict CSP stays on while we check it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Serious and critical violations on the page as it is now (WCAG 2.x A/AA rules). React Aria's
 * live announcer is left out: it is a visually hidden log whose transient entries (role=img
 * labelled by the element being announced, removed after 7 s) axe flags while they live.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  // Once per document: a second check of the same page (another width) reuses it.
  if ((await page.evaluate('typeof axe')) === 'undefined') await page.evaluate(`${axeSource}\n;void 0`);
  const result = (await page.evaluate(`axe.run({ exclude: [['[data-live-announcer]']] }, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    })))`)) as AxeFinding[];
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
