import { entryNote, type CreditTransaction } from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../lib/format.ts';
import { DataTable } from './ui/misc.tsx';

/**
 * The seed's ledger table: Reference No, Type, Amount, Balance Before, Balance After, Date; an
 * operator's note on a repayment, adjustment or limit change under its type.
 */
export function TransactionsTable({
  items,
  label,
  orderHref,
}: {
  items: readonly CreditTransaction[];
  label: string;
  /** Where an order entry links to (portal or console order page); no link when absent. */
  orderHref?: (orderNo: string) => string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <DataTable
      label={label}
      columns={[
        t('tx.referenceNo'),
        t('tx.type'),
        { label: t('tx.amount'), numeric: true },
        { label: t('tx.balanceBefore'), numeric: true },
        { label: t('tx.balanceAfter'), numeric: true },
        t('tx.date'),
      ]}
    >
      {items.map((tx) => (
        <tr key={tx.reference_no}>
          <td className="mono">{tx.reference_no}</td>
          <td>
            <span className="nowrap">{t(`txType.${tx.type}`)}</span>
            {tx.order_no &&
              (orderHref ? (
                <>
                  {' '}
                  <Link to={orderHref(tx.order_no)} className="mono">
                    {tx.order_no}
                  </Link>
                </>
              ) : (
                <span className="mono muted"> {tx.order_no}</span>
              ))}
            {entryNote(tx) && <span className="subline small muted">“{entryNote(tx)}”</span>}
          </td>
          <td className={`num ${tx.amount.startsWith('-') ? 'negative' : 'positive'}`}>
            {f.money(tx.amount, tx.currency)}
          </td>
          <td className="num">{f.money(tx.balance_before, tx.currency)}</td>
          <td className="num">{f.money(tx.balance_after, tx.currency)}</td>
          <td>{f.dateTime(tx.created_at)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
