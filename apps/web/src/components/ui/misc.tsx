import {
  createContext,
  Fragment,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { ListPage } from '@tradepost/web-contract';
import { useFormat } from '../../lib/format.ts';
import { Button } from './button.tsx';

/**
 * The tab's title: the page's heading and " · Tradepost", so a screen reader and the tab strip
 * name the page. Called where each page's h1 is drawn (PageHeader, the sign-in and error pages).
 */
export function usePageTitle(heading: string): void {
  useEffect(() => {
    document.title = `${heading} · Tradepost`;
  }, [heading]);
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  usePageTitle(title);
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}

/** The name of the Card around (its region's), so a table inside is not named the same again. */
const CardName = createContext<string | undefined>(undefined);

export function Card({
  title,
  children,
  className,
  id,
}: {
  title?: string;
  children: ReactNode;
  className?: string;
  /** An anchor to link to (`/api-docs#webhooks`). */
  id?: string;
}) {
  return (
    <section id={id} className={`card${className ? ` ${className}` : ''}`} aria-label={title}>
      {title && <h2 className="card-title">{title}</h2>}
      <CardName.Provider value={title}>{children}</CardName.Provider>
    </section>
  );
}

export function Banner({
  tone,
  children,
}: {
  tone: 'warning' | 'danger' | 'info' | 'success';
  children: ReactNode;
}) {
  return (
    <div
      className={`banner banner-${tone}`}
      role={tone === 'danger' || tone === 'warning' ? 'alert' : 'status'}
    >
      {children}
    </div>
  );
}

/**
 * A labelled region around a wide table. `cards`: on a phone each row shows as a card, a cell a
 * line with its column's name beside it (styles.css), so an amount or a row's buttons need no
 * sideways scroll; the names are copied from the header into each cell's `data-label` after every
 * render. Otherwise (a reference table in the docs) a phone scrolls the table sideways.
 */
export function TableWrap({
  label,
  children,
  cards = false,
}: {
  label: string;
  children: ReactNode;
  cards?: boolean;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  // In a Card of the same name the table is already in that region: a second one named alike is
  // announced twice (axe landmark-unique). It stays focusable, to scroll it from the keyboard.
  const named = useContext(CardName) !== label;
  useLayoutEffect(() => {
    const table = cards ? wrap.current?.querySelector('table') : null;
    if (!table) return;
    // A header that is a control (a select-all) names its column's cells otherwise: data-card-label.
    const names = Array.from(
      table.tHead?.rows[0]?.cells ?? [],
      (th) => th.dataset.cardLabel ?? th.textContent?.trim() ?? '',
    );
    for (const body of Array.from(table.tBodies))
      for (const row of Array.from(body.rows))
        for (const cell of Array.from(row.cells)) cell.dataset.label = names[cell.cellIndex] ?? '';
  });
  return (
    <div
      ref={wrap}
      className={cards ? 'table-wrap table-cards' : 'table-wrap'}
      role={named ? 'region' : undefined}
      aria-label={named ? label : undefined}
      tabIndex={0}
    >
      {children}
    </div>
  );
}

/** A column header; numeric columns are right-aligned like their cells. */
export type Column = string | { label: string; numeric: true };

/** A data table in its scrollable, labelled region: the header row from `columns`, then the rows given. */
export function DataTable({
  label,
  columns,
  children,
}: {
  label: string;
  columns: readonly Column[];
  children: ReactNode;
}) {
  return (
    <TableWrap label={label} cards>
      <table>
        <thead>
          <tr>
            {columns.map((c, i) =>
              typeof c === 'string' ? (
                <th key={i} scope="col">
                  {c}
                </th>
              ) : (
                <th key={i} scope="col" className="num">
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableWrap>
  );
}

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${status}`}>{label}</span>;
}

export function CopyButton({ value, label, text }: { value: string; label: string; text?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  return (
    <span className="copy">
      <Button
        variant="secondary"
        size="sm"
        // A button with its own words ("Copy all") is named by them; a plain "Copy" says what it copies.
        aria-label={text ? undefined : `${t('common.copy')} ${label}`}
        onPress={() => {
          navigator.clipboard.writeText(value).then(
            () => setCopied('done'),
            () => setCopied('failed'),
          );
        }}
      >
        {text ?? t('common.copy')}
      </Button>
      <span aria-live="polite" className="copy-status">
        {copied === 'done' ? t('common.copied') : copied === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </span>
  );
}

/**
 * Previous/next for a list answer; takes the answer itself (every list endpoint returns a `Page`).
 * A capped count (`total_capped`: more matches than the server counts) reads "more than 1,000", and next
 * stays open past the last counted page while pages come back full.
 */
export function Pagination({
  of,
  onPage,
}: {
  of: Pick<ListPage<unknown>, 'items' | 'page' | 'page_size' | 'total' | 'total_capped'>;
  onPage: (page: number) => void;
}) {
  const { page, page_size: pageSize, total } = of;
  const { t } = useTranslation();
  const f = useFormat();
  const last = Math.max(1, Math.ceil(total / pageSize));
  const more = of.total_capped ? of.items.length === pageSize : page < last;
  const nav = useRef<HTMLElement>(null);
  // The pager sits under the list: the page it opens starts at the list's top, not where the last
  // page was scrolled to. The list is the pager's nearest box holding more than the pager (a card,
  // or the page when the pager has a card of its own).
  // Next onto the last page (or Previous onto the first) disables the button pressed, and a
  // disabled button drops focus to <body>: it moves to the other one, still usable, without
  // scrolling the pager back into view (the new page is shown from the list's top, below).
  const pressed = useRef<'previous' | 'next' | null>(null);
  const [previousOff, nextOff] = [page <= 1, !more];
  useEffect(() => {
    const off = pressed.current === 'next' ? nextOff : pressed.current === 'previous' && previousOff;
    if (!off) return;
    pressed.current = null;
    nav.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus({ preventScroll: true });
  }, [previousOff, nextOff]);
  const go = (to: number) => {
    pressed.current = to > page ? 'next' : 'previous';
    onPage(to);
    let box = nav.current?.parentElement;
    while (box && box.childElementCount < 2) box = box.parentElement;
    if (box && box.getBoundingClientRect().top < 0) box.scrollIntoView({ block: 'start' });
  };
  return (
    <nav ref={nav} className="pagination" aria-label={t('common.pagination')}>
      <Button variant="secondary" size="sm" isDisabled={previousOff} onPress={() => go(page - 1)}>
        {t('common.previous')}
      </Button>
      <span aria-live="polite">
        {t(of.total_capped ? 'common.pageOfAtLeast' : 'common.pageOf', {
          page: f.number(page),
          last: f.number(Math.max(last, page)),
          total: f.number(total),
        })}
      </span>
      <Button variant="secondary" size="sm" isDisabled={nextOff} onPress={() => go(page + 1)}>
        {t('common.next')}
      </Button>
    </nav>
  );
}

/** Term/value pairs as a description list; `wide` for a long value (an id, an e-mail). */
export function Facts({
  items,
}: {
  items: ReadonlyArray<readonly [string, ReactNode] | readonly [string, ReactNode, 'wide']>;
}) {
  return (
    <dl className="facts">
      {items.map(([k, v, wide]) => (
        <div key={k} className={wide ? 'fact fact-wide' : 'fact'}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Where an e-mail or a host name may wrap: before its "@" and each ".". */
export const BEFORE_AT_OR_DOT = /(?=[@.])/;
/** Where a comma-separated list may wrap: after each comma. */
export const AFTER_COMMA = /(?<=,)/;

/**
 * Text that, where it must wrap, wraps only at `points` (a RegExp to split on, matching no
 * characters) rather than at any letter: "admin@tradepost" / ".local", not "admin@tradepost.loca"
 * / "l". <wbr> adds nothing to a copy.
 */
export function WrapAt({ text, points }: { text: string; points: RegExp }) {
  return text.split(points).map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}
