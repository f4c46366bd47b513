import type { Credit } from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { toCents, useFormat } from '../lib/format.ts';
import { Facts, StatusBadge } from './ui/misc.tsx';

/** Limit, used, available, status and a utilization bar: the dashboard's and the credit page's figures. */
export function CreditFigures({ credit }: { credit: Credit }) {
  const { t } = useTranslation();
  const f = useFormat();
  const limit = toCents(credit.credit_limit);
  const ratio = limit > 0 ? Math.min(1, Math.max(0, toCents(credit.used) / limit)) : 0;
  const level = ratio >= 1 ? 'full' : ratio >= 0.9 ? 'high' : '';
  // The server's figure, rounded down there and here: 99,995.00 of 100,000.00 is 99.9%, never 100%.
  const percent = credit.utilization_percent;
  return (
    <div className="credit-figures">
      <Facts
        items={[
          [
            t('credit.limit'),
            <span data-figure="credit_limit">{f.money(credit.credit_limit, credit.currency)}</span>,
          ],
          [t('credit.used'), <span data-figure="used">{f.money(credit.used, credit.currency)}</span>],
          [
            t('credit.available'),
            <>
              <span data-figure="available">{f.money(credit.available, credit.currency)}</span>
              {/* The figure is the line's room; frozen, none of it can be spent. */}
              {credit.status === 'frozen' && <span className="muted"> · {t('credit.availableFrozen')}</span>}
            </>,
          ],
          [
            t('credit.status'),
            <StatusBadge status={credit.status} label={t(`status.credit.${credit.status}`)} />,
          ],
        ]}
      />
      <div className="utilization">
        <div className="row">
          <span>{t('credit.utilization')}</span>
          <strong data-figure="utilization">{f.percent(percent)}</strong>
        </div>
        <div
          className="meter"
          role="meter"
          aria-label={t('credit.utilization')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Number(percent)}
          aria-valuetext={f.percent(percent)}
        >
          <progress
            className={`meter-bar ${level}`}
            max={100}
            value={Math.min(100, Number(percent))}
            aria-hidden="true"
          />
        </div>
      </div>
    </div>
  );
}
