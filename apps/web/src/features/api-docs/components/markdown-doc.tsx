import type { Element, ElementContent, Root } from 'hast';
import { useMemo, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { TableWrap } from '../../../components/ui/misc.tsx';
import { CodeBlock } from './code-block.tsx';
import { pageHref, type DoorId } from './doors.ts';

function textOf(node: ElementContent | Element): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/** GitHub's heading anchors (what the guides' own `#…` links name): lower case, punctuation gone. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

const HEADING = /^h[1-6]$/;

/**
 * Gives each heading its anchor, prefixed with the door (`webhooks-events`), so four guides share
 * one page without two ids alike; and names each table and code block after the heading above it,
 * since a scrollable table is a labelled region and a block's Copy button says what it copies:
 * two should not share a name.
 */
function rehypeAnchors(door: DoorId) {
  return () => (tree: Root) => {
    const seen = new Map<string, number>();
    let lastHeading = '';
    const named = new Map<string, number>();
    const walk = (nodes: Root['children'] | Element['children']) => {
      for (const node of nodes) {
        if (node.type !== 'element') continue;
        if (HEADING.test(node.tagName)) {
          const text = textOf(node);
          const base = slug(text);
          const n = seen.get(base) ?? 0;
          seen.set(base, n + 1);
          node.properties.id = `${door}-${n ? `${base}-${n}` : base}`;
          lastHeading = text;
        } else if (node.tagName === 'table' || node.tagName === 'pre') {
          const key = `${node.tagName}:${lastHeading}`;
          const n = (named.get(key) ?? 0) + 1;
          named.set(key, n);
          node.properties.dataLabel = n > 1 ? `${lastHeading} (${n})` : lastHeading;
        }
        walk(node.children);
      }
    };
    walk(tree.children);
  };
}

/** A guide's heading one level down: the page's h1 and the door's h2 stand above the guide. */
function shifted(level: 2 | 3 | 4 | 5 | 6) {
  const Tag = `h${Math.min(level + 1, 6)}` as 'h3';
  return function Heading({ id, children }: { id?: string; children?: ReactNode }) {
    return <Tag id={id}>{children}</Tag>;
  };
}

function componentsFor(door: DoorId, doorTitle: string): Components {
  return {
    h2: shifted(2),
    h3: shifted(3),
    h4: shifted(4),
    h5: shifted(5),
    h6: shifted(6),
    a({ href, children }) {
      const to = href ? pageHref(door, href) : null;
      return to ? <a href={to}>{children}</a> : <span className="mono">{children}</span>;
    },
    pre({ node, children }) {
      const label = String(node?.properties.dataLabel ?? '');
      return (
        <CodeBlock code={node ? textOf(node) : ''} label={label ? `${doorTitle}: ${label}` : doorTitle}>
          {children}
        </CodeBlock>
      );
    },
    table({ node, children }) {
      const label = String(node?.properties.dataLabel ?? '');
      return (
        <TableWrap label={label ? `${doorTitle}: ${label}` : doorTitle}>
          <table>{children}</table>
        </TableWrap>
      );
    },
  };
}

/**
 * One guide of docs/api rendered: Markdown with GitHub's tables, never raw HTML (skipped, so
 * nothing in a guide can put markup, scripts or styles on the page), links kept inside the page.
 */
export function MarkdownDoc({
  door,
  doorTitle,
  source,
}: {
  door: DoorId;
  doorTitle: string;
  source: string;
}) {
  // Stable across renders: a new component per render would remount the whole guide.
  const components = useMemo(() => componentsFor(door, doorTitle), [door, doorTitle]);
  const rehypePlugins = useMemo(() => [rehypeAnchors(door)], [door]);
  return (
    <div className="doc">
      <Markdown remarkPlugins={[remarkGfm]} rehypePlugins={rehypePlugins} components={components} skipHtml>
        {source}
      </Markdown>
    </div>
  );
}
