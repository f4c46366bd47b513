import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, mayRetry } from '../../lib/api-client.ts';
import { errorText, fieldText } from '../../lib/error-text.ts';
import { columnLabel, fieldLabel, isLineField } from '../../lib/field-labels.ts';
import { Button } from './button.tsx';

/** Loading state: announced politely, shown as a skeleton line. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

/**
 * A query's or an action's error: its sentence, and what the server said of each field (a list
 * filter a hand-edited URL got wrong: "Status: must be one of …"), in the reader's language.
 */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const fields = error instanceof ApiError && error.fields ? Object.entries(error.fields) : [];
  return (
    <div className="state state-error" role="alert">
      <p>{errorText(t, error)}</p>
      {fields.length > 0 && <FieldProblems fields={fields} />}
      {onRetry && mayRetry(error) && (
        <Button variant="secondary" size="sm" onPress={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </div>
  );
}

/** What a mutation is doing, in words: pending, done, or the error the server gave. */
export function MutationStatus({
  isPending,
  isSuccess,
  error,
  pendingText,
  successText,
  onField,
  summary,
  focusOnSuccess,
}: {
  isPending: boolean;
  isSuccess: boolean;
  error: unknown;
  pendingText?: string;
  successText?: string;
  /** The fields whose message the form shows beside them (useFormCheck's `onField`): not listed again. */
  onField?: (path: string) => boolean;
  /** What a refusal means here, instead of its code's sentence (e.g. "Nothing moved" for a bulk). */
  summary?: string;
  /**
   * The action removes the control that was pressed (a Revoke button, Cancel order): focus moves to
   * the success text when it shows, so it is read out and focus is not left on <body>.
   */
  focusOnSuccess?: boolean;
}) {
  const { t } = useTranslation();
  const done = useRef<HTMLSpanElement>(null);
  const succeeded = focusOnSuccess && !isPending && isSuccess && successText !== undefined;
  useEffect(() => {
    if (!succeeded) return;
    // After the frame a closing dialog hands focus back in (React Aria restores it then).
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => done.current?.focus());
    });
    return () => cancelAnimationFrame(frame);
  }, [succeeded]);
  const fields = error instanceof ApiError && error.fields ? Object.entries(error.fields) : [];
  const listed = fields.filter(([where]) => !onField?.(where));
  // Every reason is on its field: the line here only points there, it is not a second reason. A
  // file's bad lines (an all-or-nothing import) mark no field: the line says nothing was saved.
  const linesOnly = listed.length > 0 && listed.every(([where]) => isLineField(where));
  const headline =
    summary ??
    (fields.length > 0 && listed.length === 0
      ? t('errors.validation_failed')
      : linesOnly
        ? t('errors.lines_refused')
        : errorText(t, error));
  return (
    // A live region from the first render (one added with its text is not read out), which takes no
    // room while it has nothing to say (styles.css).
    <div className="mutation-status" role="status">
      {isPending && <span className="status-pending">{pendingText ?? t('common.saving')}</span>}
      {!isPending && isSuccess && successText && (
        <span className="status-success" ref={done} tabIndex={focusOnSuccess ? -1 : undefined}>
          {successText}
        </span>
      )}
      {!isPending && error != null && (
        <span className="status-error" role="alert">
          {headline}
          {listed.length > 0 && <FieldProblems fields={listed} />}
        </span>
      )}
    </div>
  );
}

/** The server's message for each field (`error.fields`), each under its field's label. */
function FieldProblems({ fields }: { fields: [string, string][] }) {
  const { t } = useTranslation();
  return (
    <ul>
      {fields.map(([where, message]) => (
        <li key={where}>
          {t('common.onField', {
            field: fieldLabel(t, where),
            // A line of a file: its fields are the file's columns.
            message: fieldText(t, message, isLineField(where) ? columnLabel : fieldLabel),
          })}
        </li>
      ))}
    </ul>
  );
}

/** What QueryView needs of a query (TanStack Query's result fits). */
interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
}

/**
 * A query's states in words — loading, the error with Retry, empty — else its content. One place
 * for the switch every list repeats.
 */
export function QueryView<T>({
  query,
  loadingLabel,
  isEmpty,
  empty,
  children,
}: {
  query: QueryLike<T>;
  loadingLabel?: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading label={loadingLabel} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data as T;
  if (isEmpty?.(data)) return <Empty>{empty}</Empty>;
  return <>{children(data)}</>;
}
