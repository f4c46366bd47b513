import { Link } from 'react-router';

/** Characters always shown at the end. styles.css reserves as many `ch` for them (`7ch`). */
const TAIL = 7;

/**
 * A long identifier (a merchant's order number, a tracking number, a merchant id) on one line, cut
 * in the middle rather than at the end: `SO-2026-11-29-…-000123`. Such ids often share a long
 * prefix and differ only at the end, so the end stays whole and the start shrinks with an ellipsis
 * (pure CSS, no measuring). The whole value is the title, and stays in the DOM as two inline boxes
 * with nothing between them: selecting and copying it gets the whole value. A screen reader gets it
 * from a visually hidden copy (not selectable), the two boxes hidden from it.
 * Monospace, so the tail is exactly `TAIL` ch wide. With `to`, the same as a link.
 */
export function MiddleTruncate({ text, to, className }: { text: string; to?: string; className?: string }) {
  const cls = `mono middle-truncate${className ? ` ${className}` : ''}`;
  const chars = Array.from(text); // code points: never split a surrogate pair
  const content =
    chars.length > TAIL ? (
      <>
        {/* Assistive tech gets the value whole: the two inline blocks read as two words. */}
        <span className="visually-hidden middle-truncate-whole">{text}</span>
        <span className="middle-truncate-head" aria-hidden="true">
          {chars.slice(0, -TAIL).join('')}
        </span>
        <span className="middle-truncate-tail" aria-hidden="true">
          {chars.slice(-TAIL).join('')}
        </span>
      </>
    ) : (
      text
    );
  return to === undefined ? (
    <span className={cls} title={text}>
      {content}
    </span>
  ) : (
    <Link className={cls} title={text} to={to}>
      {content}
    </Link>
  );
}
