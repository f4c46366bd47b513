import { WEBHOOK_EVENT_TYPES } from '@tradepost/web-contract';
import { CheckboxGroup, FieldError, Label, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Checkbox } from '../../../components/ui/checkbox.tsx';

export type EventChoice = (typeof WEBHOOK_EVENT_TYPES)[number] | '*';

/**
 * Which events an endpoint receives: "every event" (`*`, which includes types added later) or a
 * chosen few. With `*` ticked the single types are moot, so they are disabled.
 */
export function EventsPicker({
  value,
  onChange,
  errorMessage,
}: {
  value: EventChoice[];
  onChange: (v: EventChoice[]) => void;
  errorMessage?: string | undefined;
}) {
  const { t } = useTranslation();
  const all = value.includes('*');
  return (
    <CheckboxGroup
      className="field events-picker"
      value={value}
      onChange={(v) => onChange(v.includes('*') && !all ? ['*'] : (v as EventChoice[]))}
      isInvalid={errorMessage ? true : undefined}
    >
      <Label>{t('webhooks.events')}</Label>
      <Text slot="description">{t('webhooks.eventsHint')}</Text>
      <div className="events-options">
        <Checkbox value="*">{t('webhooks.allEvents')}</Checkbox>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <Checkbox key={type} value={type} isDisabled={all}>
            <span className="mono">{type}</span>
          </Checkbox>
        ))}
      </div>
      <FieldError>{errorMessage}</FieldError>
    </CheckboxGroup>
  );
}
