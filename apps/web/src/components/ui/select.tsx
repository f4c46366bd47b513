import {
  Button,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select as AriaSelect,
  SelectValue,
} from 'react-aria-components';

export interface SelectOption {
  id: string;
  label: string;
}

/** A labelled select (React Aria): a real listbox with type-ahead, usable by keyboard and touch. */
export function Select({
  label,
  options,
  value,
  onChange,
  className,
}: {
  label: string;
  options: readonly SelectOption[];
  value: string;
  onChange: (value: string) => void;
  className?: string;
}) {
  return (
    <AriaSelect
      className={`field select${className ? ` ${className}` : ''}`}
      selectedKey={value}
      onSelectionChange={(k) => onChange(String(k))}
    >
      <Label>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true" className="select-chevron">
          ▾
        </span>
      </Button>
      <Popover className="popover">
        <ListBox className="listbox" items={options}>
          {(o) => (
            <ListBoxItem id={o.id} className="listbox-item">
              {o.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </AriaSelect>
  );
}
