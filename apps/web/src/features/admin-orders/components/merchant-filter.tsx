import { useState } from 'react';
import { Button, ComboBox, Input, Label, ListBox, ListBoxItem, Popover } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useMerchant } from '../../admin-merchants/api/get-merchant.ts';
import { useMerchants } from '../../admin-merchants/api/get-merchants.ts';

interface Choice {
  merchant_id: string;
  name: string;
  email: string | null;
}

/**
 * The queue's merchant filter: typed as a name, a login e-mail or a merchant ID (the merchants
 * list's own search), picked from what matches. The filter in force shows the merchant's name;
 * × clears it.
 */
export function MerchantFilter({
  merchantId,
  onChange,
}: {
  merchantId: string;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  // What the operator has typed since the last pick; null shows the merchant in force.
  const [typed, setTyped] = useState<string | null>(null);
  // The last pick and the filter it replaced: in force at once, before the URL (merchantId) catches up.
  const [last, setLast] = useState<{ choice: Choice | null; replaced: string } | null>(null);
  const pending =
    last !== null && last.replaced === merchantId && (last.choice?.merchant_id ?? '') !== merchantId;
  const picked = last?.choice?.merchant_id === merchantId ? last.choice : null;
  const chosen = useMerchant(picked ? '' : merchantId);
  const q = typed?.trim() ?? '';
  const matches = useMerchants({ q, page_size: 8 }, { enabled: q !== '' });
  // The merchant in force, as the list's one item while nothing is typed: the combobox names it.
  const current: Choice | null = pending
    ? last.choice
    : (picked ??
      (merchantId
        ? { merchant_id: merchantId, name: chosen.data?.profile.company_name ?? merchantId, email: null }
        : null));
  const items: Choice[] = q === '' ? (current ? [current] : []) : (matches.data?.items ?? []);
  const pick = (choice: Choice | null) => {
    setTyped(null);
    setLast({ choice, replaced: merchantId });
    onChange(choice?.merchant_id ?? '');
  };
  return (
    <ComboBox
      className="field combobox"
      inputValue={typed ?? current?.name ?? ''}
      // The combobox puts the picked one's name in the input: that is no search of the operator's.
      onInputChange={(text) => setTyped(text === current?.name ? null : text)}
      selectedKey={current?.merchant_id ?? null}
      onSelectionChange={(key) => {
        const choice = items.find((m) => m.merchant_id === key);
        if (choice && key !== current?.merchant_id) pick(choice);
      }}
      items={items}
      // Typed text that picks nothing stays as typed (no reset on blur): the filter in force is unchanged.
      allowsCustomValue
      menuTrigger="input"
      // Open while the matches load, and to say there are none: the list is never silently absent.
      allowsEmptyCollection
    >
      <Label>{t('console.orders.merchant')}</Label>
      <div className="combobox-input">
        <Input placeholder={t('console.orders.merchantPlaceholder')} />
        {(current || typed) && (
          <Button
            className="combobox-clear"
            aria-label={t('console.orders.anyMerchant')}
            onPress={() => pick(null)}
          >
            ×
          </Button>
        )}
      </div>
      <Popover className="popover" placement="bottom start">
        <ListBox
          className="listbox"
          renderEmptyState={() => (
            <div className="listbox-empty muted">
              {matches.isFetching ? t('common.loading') : t('console.merchants.none')}
            </div>
          )}
        >
          {(m: Choice) => (
            <ListBoxItem id={m.merchant_id} textValue={m.name} className="listbox-item">
              {m.name}
              <span className="subline small muted">
                {m.email && `${m.email} · `}
                <span className="mono">{m.merchant_id}</span>
              </span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
