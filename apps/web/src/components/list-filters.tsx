import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from './ui/button.tsx';
import { Select, type SelectOption } from './ui/select.tsx';
import { TextField } from './ui/text-field.tsx';

/** A list's free-text search: sent on submit (Enter or the button), trimmed. */
export function SearchForm({
  label,
  initial,
  onSearch,
  placeholder,
  className = 'row',
}: {
  label: string;
  /** The search in force (from the URL), shown until the user types. */
  initial: string;
  onSearch: (q: string) => void;
  placeholder?: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(initial);
  return (
    <Form
      className={className}
      role="search"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSearch(search.trim());
      }}
    >
      <TextField label={label} type="search" value={search} onChange={setSearch} placeholder={placeholder} />
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
