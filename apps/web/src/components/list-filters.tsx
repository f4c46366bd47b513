import { searchText } from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { dayRangeFilter } from '../lib/use-url-filters.ts';
import { ruleError } from '../lib/zod-fields.ts';
import { Button } from './ui/button.tsx';
import { Select, type SelectOption } from './ui/select.tsx';
import { TextField } from './ui/text-field.tsx';

/**
 * A list's free-text search: sent on submit (Enter or the button), trimmed. Held to the server's
 * rule first (`searchText` unless the list has its own): a search it would refuse is not sent, and
 * the field says why, as does the URL's own (a hand-edited link, which the page does not send).
 */
export function SearchForm({
  label,
  initial,
  onSearch,
  placeholder,
  className = 'row',
  rule = searchText,
}: {
  label: string;
  /** The search in force (from the URL), shown until the user types. */
  initial: string;
  onSearch: (q: string) => void;
  placeholder?: string;
  className?: string;
  rule?: z.ZodType;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(initial);
  // The search last asked for (the URL's at first): its refusal stays on the field until the next.
  const [asked, setAsked] = useState(initial);
  return (
    <Form
      className={className}
      role="search"
      // aria, not native: a native invalid field would block the corrected search's submit.
      validationBehavior="aria"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        const q = search.trim();
        setAsked(q);
        if (!ruleError(t, rule, q)) onSearch(q);
      }}
    >
      <TextField
        label={label}
        type="search"
        value={search}
        onChange={setSearch}
        placeholder={placeholder}
        errorMessage={ruleError(t, rule, asked)}
      />
      <Button type="submit" variant="secondary">
        {t('common.search')}
      </Button>
    </Form>
  );
}

/** A list filter's select: "all" first, which picks '' (no filter), then the options. */
export function FilterSelect({
  label,
  allLabel,
  value,
  options,
  onChange,
}: {
  label: string;
  allLabel: string;
  /** '' for all. */
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
}) {
  return (
    <Select
      label={label}
      value={value || 'all'}
      onChange={(v) => onChange(v === 'all' ? '' : v)}
      options={[{ id: 'all', label: allLabel }, ...options]}
    />
  );
}

/** A list's From and To day fields, each saying what is wrong with its bound (`dayRangeFilter`). */
export function DayRangeFields({
  dates,
  onChange,
}: {
  dates: ReturnType<typeof dayRangeFilter>;
  onChange: (patch: { from?: string; to?: string }) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t('common.from')}
        type="date"
        value={dates.from}
        onChange={(v) => onChange({ from: v })}
        errorMessage={dates.fromError}
      />
      <TextField
        label={t('common.to')}
        type="date"
        value={dates.to}
        onChange={(v) => onChange({ to: v })}
        errorMessage={dates.toError}
      />
    </>
  );
}
