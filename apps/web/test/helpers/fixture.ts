/**
 * One real server (on the given database) and one browser per test file, shared by its tests
 * (starting either per test would cost most of the e2e budget on 2 cores).
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { Tradepost } from '../../../../packages/sdk/src/index.ts';
import {
  startTestServer,
  type TestMerchant,
  type TestServer,
} from '../../../server/test/helpers/test-server.ts';
import type { TestDatabase } from '../../../server/test/helpers/databases.ts';
import { axeViolations } from './axe.ts';
import { DESKTOP, launchBrowser, openPage, PHONE, type WatchedPage } from './browser.ts';
import { ensureWebBuilt } from './build.ts';

export interface E2E {
  server: TestServer;
  browser: Browser;
  /** A fresh browser context (own cookies) on the server; in UTC unless `timezoneId` says otherwise. */
  open(opts?: {
    viewport?: { width: number; height: number };
    locale?: string;
    timezoneId?: string;
  }): Promise<WatchedPage>;
}

export function useE2E(
  database: TestDatabase,
  opts: {
    env?: Record<string, string>;
    webhooks?: NonNullable<Parameters<typeof startTestServer>[0]>['webhooks'];
  } = {},
): E2E {
  const e2e = {} as E2E;
  const pages: WatchedPage[] = [];
  let closing = false;
  beforeAll(async () => {
    await ensureWebBuilt();
    const [server, browser] = await Promise.all([
      database.url().then((databaseUrl) =>
        startTestServer({
          databaseUrl,
          ...(opts.env ? { env: opts.env } : {}),
          ...(opts.webhooks ? { webhooks: opts.webhooks } : {}),
        }),
      ),
      launchBrowser(),
    ]);
    e2e.server = server;
    e2e.browser = browser;
    // A CI run once saw every page of a file's browser closed mid-test ("Target page, context or
    // browser has been closed", 1 s into a test, nothing of ours closing it): say when it goes.
    browser.on('disconnected', () => {
      if (!closing) console.error(`[e2e] the browser disconnected by itself at ${new Date().toISOString()}`);
    });
    e2e.open = async (o = {}) => {
      const p = await openPage(browser, server.url, o);
      pages.push(p);
      return p;
    };
  }, 240_000);
  afterAll(async () => {
    closing = true;
    for (const p of pages) await p.close().catch(() => undefined);
    await e2e.browser?.close();
    await e2e.server?.close();
    await database.dispose();
  });
  return e2e;
}

export async function signInPortal(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
}

export async function signInConsole(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/admin/sign-in');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** An operator's move on a queued order: each row's moves are one menu, "Actions for <order No>". */
export async function orderAction(page: Page, orderNo: string, move: string): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${orderNo}` }).click();
  await page.getByRole('menuitem', { name: move }).click();
}

/**
 * What a person sees of a long id cut to fit its cell (components/middle-truncate.tsx): the element
 * under `scope` titled with the whole value (the tooltip). `cut`: the whole text is wider than the
 * element, so something is hidden; `start` / `end`: the first 2 and the last `tail` characters are
 * drawn inside the element and every box around them that clips; `copied`: what selecting the
 * element copies. An id cut at its end (plain `text-overflow: ellipsis`) fails `end`.
 */
export async function shownId(
  scope: Locator,
  value: string,
  tail = 6,
): Promise<{ text: string; cut: boolean; start: boolean; end: boolean; copied: string }> {
  // Runs in the page. The tests are typed without the DOM lib (the element is untyped here), so
  // the page's globals are reached through the element.
  return scope.getByTitle(value, { exact: true }).evaluate((box, tail) => {
    const doc = box.ownerDocument;
    const win = doc.defaultView!;
    const nodes: { data: string; length: number }[] = [];
    const walk = doc.createTreeWalker(box, win.NodeFilter.SHOW_TEXT);
    // What is drawn: not the visually hidden copy of the whole value kept for screen readers.
    while (walk.nextNode())
      if (!walk.currentNode.parentElement?.closest('.visually-hidden')) nodes.push(walk.currentNode);
    const text = nodes.map((n) => n.data).join('');
    // A range over characters [from, to) of the element's text, across its text nodes.
    const range = (from: number, to: number) => {
      const r = doc.createRange();
      let at = 0;
      for (const n of nodes) {
        if (from >= at && from <= at + n.length) r.setStart(n, from - at);
        if (to >= at && to <= at + n.length) {
          r.setEnd(n, to - at);
          break;
        }
        at += n.length;
      }
      return r;
    };
    // Drawn where no ancestor (the element included) clips it away.
    const drawn = (r: typeof box) => {
      const rect = r.getBoundingClientRect();
      let left = -Infinity;
      let right = Infinity;
      for (let el = r.endContainer.parentElement; el; el = el.parentElement) {
        if (win.getComputedStyle(el).overflowX === 'visible' && el !== box) continue;
        const clip = el.getBoundingClientRect();
        left = Math.max(left, clip.left);
        right = Math.min(right, clip.right);
      }
      return rect.width > 0 && rect.left >= left - 0.5 && rect.right <= right + 0.5;
    };
    // The whole text's width: each text node's, summed (their boxes may overlap where one is cut).
    const width = nodes.reduce((sum, n) => {
      const r = doc.createRange();
      r.selectNodeContents(n);
      return sum + r.getBoundingClientRect().width;
    }, 0);
    const selection = win.getSelection()!;
    selection.removeAllRanges();
    selection.selectAllChildren(box);
    const copied = selection.toString();
    selection.removeAllRanges();
    return {
      text,
      cut: width > box.getBoundingClientRect().width + 0.5,
      start: drawn(range(0, 2)),
      end: drawn(range(text.length - tail, text.length)),
      copied,
    };
  }, tail);
}

/**
 * The text a field is described by, as a screen reader announces it with the field: its hint and,
 * once refused, its error message (React Aria ties both to the input).
 */
export const describedBy = (input: Locator): Promise<string> =>
  input.evaluate((el) => {
    type Node = { textContent: string | null };
    const e = el as unknown as {
      getAttribute(name: string): string | null;
      ownerDocument: { getElementById(id: string): Node | null };
    };
    return (e.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => e.ownerDocument.getElementById(id)?.textContent ?? '')
      .join('\n');
  });

/**
 * Chooses `file` in a file field as a person does: presses its button (named by the field's label,
 * then "Choose a file") and answers the browser's file chooser; the field then shows the file's name.
 */
export async function chooseFile(
  scope: Page | Locator,
  button: string | RegExp,
  file: { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
  const page = 'waitForEvent' in scope ? scope : scope.page();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    scope.getByRole('button', { name: button }).click(),
  ]);
  await chooser.setFiles(file);
  await scope.getByText(file.name, { exact: true }).waitFor();
}

/** Whether `target` holds focus (what a screen reader is reading), once it does or after `timeout` ms. */
export async function hasFocus(target: Locator, timeout = 2_000): Promise<boolean> {
  // Runs in the page; the element is untyped here (no DOM lib), so the document is reached through it.
  const now = () => target.evaluate((el) => el === el.ownerDocument.activeElement);
  for (const until = Date.now() + timeout; ; await new Promise((r) => setTimeout(r, 50)))
    if ((await now()) || Date.now() > until) return now();
}

/**
 * Waits until the page is drawn (every page has an h1, which the lazy route chunk brings) and no
 * "Loading…" status is left on it (every query answered).
 */
export async function settled(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor({ timeout: 15_000 });
  // A locator wait, not waitForFunction: the latter polls through eval, which the page's CSP refuses.
  await page.locator('.state-loading').first().waitFor({ state: 'detached', timeout: 15_000 });
}

/** How many px the page is wider than its window (0: it does not scroll sideways). */
export const sidewaysScroll = (page: Page): Promise<number> =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

/**
 * axe at 1280 px and at 390 px for the page at `path` (already signed in as needed), and a page
 * wider than the window at either. Returns the serious/critical findings keyed by width, so one
 * assertion shows them all.
 */
export async function axeAtBothWidths(wp: WatchedPage, path: string): Promise<Record<string, unknown[]>> {
  await wp.page.setViewportSize(DESKTOP);
  await wp.page.goto(path);
  await settled(wp.page);
  return axeHereAtBothWidths(wp, path);
}

/**
 * The page as it is now (a step reached by what a person did, with no path of its own: a form's
 * second step), at 1280 and 390 px; findings keyed by `label`.
 */
export async function axeHereAtBothWidths(
  wp: WatchedPage,
  label: string,
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  // The same document at both widths: the layout is CSS (media queries), so resizing re-lays it out.
  for (const [name, size] of [
    ['1280', DESKTOP],
    ['390', PHONE],
  ] as const) {
    await wp.page.setViewportSize(size);
    const found: unknown[] = await axeViolations(wp.page);
    // Not an axe rule, but as much a failure on a phone: a page wider than the screen.
    const overflow = await sidewaysScroll(wp.page);
    if (overflow > 0) found.push({ id: 'sideways-scroll', px: overflow });
    if (found.length) out[`${label} @${name}`] = found;
  }
  await wp.page.setViewportSize(DESKTOP);
  return out;
}

/** Every portal page a merchant reaches from the navigation (path, and its h1 in English). */
export const PORTAL_PAGES = [
  ['/', 'Dashboard'],
  ['/credit', 'Credit'],
  ['/transactions', 'Transaction history'],
  ['/orders', 'Orders'],
  ['/products', 'Products'],
  ['/api-access', 'API access'],
  ['/api-docs', 'API documentation'],
  ['/webhooks', 'Webhooks'],
  ['/profile', 'Profile'],
  ['/security', 'Security'],
] as const;

/** The real B-End SDK for a merchant's App on the test server (what a merchant's system would run). */
export const bendClient = (server: TestServer, app: TestMerchant['app']): Tradepost =>
  new Tradepost({
    baseUrl: `${server.url}/api/v1`,
    appId: app.app_id,
    secretKey: app.secret_key,
    signKey: app.sign_key,
    maxRetries: 0,
  });

/** An amount as an en-US page shows it, formatted here independently of the app's own code. */
export const usd = (amount: string): string =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    currencyDisplay: 'narrowSymbol',
  }).format(amount as `${number}`);

/**
 * A timezone whose date is not UTC's at this moment (Honolulu is UTC−10, Kiritimati UTC+14), so a
 * filter taking UTC days would miss today's rows whatever the hour a test runs at; with the day of
 * an instant there (`YYYY-MM-DD`, what a date field takes) and as an en-US page shows it.
 */
export function farFromUtc(): {
  tz: string;
  dayIn(iso: string): string;
  shownDay(iso: string): string;
} {
  const tz = new Date().getUTCHours() < 10 ? 'Pacific/Honolulu' : 'Pacific/Kiritimati';
  return {
    tz,
    dayIn: (iso) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: tz, dateStyle: 'short' }).format(new Date(iso)),
    shownDay: (iso) =>
      new Intl.DateTimeFormat('en-US', { timeZone: tz, dateStyle: 'medium' }).format(new Date(iso)),
  };
}
