/**
 * The 30-day spend chart. Recharts is the heaviest thing on the dashboard, so this module is its
 * own chunk (loaded by React.lazy after the figures are on screen). Screen readers get the same
 * numbers as a table (the SVG is hidden from them). Its days are UTC days (`YYYY-MM-DD`): each is
 * labelled as the day it is, in every timezone, alike on the axis, in the tooltip and in the table.
 */
import type { DailySpend } from '@tradepost/web-contract';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { toCents, useFormat } from '../../../lib/format.ts';

export default function SpendChart({ days, currency }: { days: readonly DailySpend[]; currency: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const data = days.map((d) => ({
    date: d.date,
    label: f.day(d.date, true),
    cents: toCents(d.amount),
    amount: d.amount,
  }));
  // A month without spend would draw an empty grid with a meaningless $0.00–$0.04 axis: say it instead.
  const anySpend = data.some((d) => d.cents !== 0);
  // A day whose refunds outweigh its orders is below zero: drawn down from the axis, in its own
  // colour, and named under the chart (a small refund beside large orders is too short a bar to see).
  const refundDays = data.filter((d) => d.cents < 0);
  const anyRefundDay = refundDays.length > 0;
  return (
    <>
      {anySpend ? (
        <div className="chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%">
            {/* No keyboard layer: the chart is hidden from assistive technology (the table below reads it out), so it must take no focus either. */}
            <BarChart
              data={data}
              margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
              accessibilityLayer={false}
            >
              <CartesianGrid vertical={false} stroke="#e5e8ee" />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={16} />
              <YAxis
                tick={{ fontSize: 11 }}
                width={64}
                allowDecimals={false}
                tickFormatter={(c: number) => f.money((c / 100).toFixed(2), currency)}
              />
              <Tooltip
                formatter={(_v, _n, item) => [
                  f.money((item.payload as { amount: string }).amount, currency),
                  t('dashboard.spend'),
                ]}
                labelFormatter={(_l, payload) => {
                  const p = payload[0]?.payload as { date?: string } | undefined;
                  return p?.date ? f.day(p.date) : '';
                }}
              />
              {anyRefundDay && <ReferenceLine y={0} stroke="#94a3b8" />}
              <Bar dataKey="cents" fill="#1d4ed8" isAnimationActive={false}>
                {data.map((d) => (
                  <Cell key={d.date} fill={d.cents < 0 ? '#0f766e' : '#1d4ed8'} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <p className="state state-empty">{t('dashboard.noSpend')}</p>
      )}
      {anyRefundDay && (
        <p className="muted">
          {t('dashboard.refundDays', { days: refundDays.map((d) => f.day(d.date)).join(', ') })}
        </p>
      )}
      {/* A wrapper, not the table, is hidden: a table grows to its rows whatever height it is given. */}
      <div className="visually-hidden">
        <table>
          <caption>{t('dashboard.spendTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tx.date')}</th>
              <th scope="col">{t('dashboard.spend')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <td>{f.day(d.date)}</td>
                <td>{f.money(d.amount, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
