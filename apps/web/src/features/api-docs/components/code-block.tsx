import type { ReactNode } from 'react';
import { CopyButton } from '../../../components/ui/misc.tsx';

/**
 * A block of code with a Copy button over it, copying exactly what is shown (the reader's base URL
 * and e-mail already in it): a whole example runs to hundreds of lines in a box that scrolls, which
 * nobody should have to select by dragging. `label` names the block ("Copy <label>"); `children`,
 * when given, show the code marked up (the highlighted Markdown blocks), else it is shown as text.
 */
export function CodeBlock({ code, label, children }: { code: string; label: string; children?: ReactNode }) {
  return (
    <div className="code-block">
      <CopyButton value={code} label={label} />
      {/* Focusable so keyboard users can scroll a long block (axe: scrollable-region-focusable). */}
      <pre tabIndex={0} aria-label={label}>
        {children ?? <code>{code}</code>}
      </pre>
    </div>
  );
}
