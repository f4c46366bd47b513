import { AUDIT_ACTIONS, type AuditAction, type AuditEvent } from '@tradepost/web-contract';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { localDayBounds } from '../../../lib/local-days.ts';
import { dayRangeFilter, useUrlFilters } from '../../../lib/use-url-filters.ts';

import { DayRangeFields, FilterSelect, SearchForm } from '../../../components/list-filters.tsx';
import { MiddleTruncate } from '../../../components/middle-truncate.tsx';
import {
  BEFORE_AT_OR_DOT,
  Card,
  DataTable,
  PageHeader,
  Pagination,
  WrapAt,
} from '../../../components/ui/misc.tsx';
import { QueryView } from '../../../components/ui/states.tsx';
import { actorText, credentialText } from '../../../lib/audit-actor.ts';
import { fieldLabel } from '../../../lib/field-labels.ts';
import { symbolNamesCurrency } from '../../../lib/currency-symbol.ts';
import { useFormat } from '../../../lib/format.ts';
import { useAudit } from '../api/get-audit.ts';

type Fields = Record<string, unknown> | null;

/** Where a target kind's `status` values are named (as its own pages name them). */
const STATUS_NAMES: Readonly<Record<string, string>> = {
  order: 'status.order',
  credit_account: 'status.credit',
  merchant: 'console.merchantStatus',
  app: 'apps.statusValue',
  token: 'tokens.statusValue',
  product: 'status.sale',
  sku: 'status.sale',
  operator: 'console.team.status',
  webhook_endpoint: 'audit.value.endpoint_status',
};

/** Where other coded values are named: an operator's role, why an endpoint was disabled. */
const VALUE_NAMES: Readonly<Record<string, string>> = {
  role: 'console.team.role',
  disabled_reason: 'audit.value.disabled_reason',
};

/** The fields that hold a moment (an ISO timestamp on the wire). */
const TIME_FIELDS: ReadonlySet<string> = new Set([
  'failing_since',
  'previous_secret_expires_at',
  'keys_rotated_at',
]);

/** The fields that hold an amount of money (a 2-decimal string on the wire). */
const MONEY_FIELDS: ReadonlySet<string> = new Set(['available', 'amount', 'credit_limit', 'used']);

/** Formats an amount in the entry's currency (entries written before 2026-12-01 name none). */
type MoneyFormat = (amount: string) => string | null;

/**
 * A changed value in the reader's words: yes/no, a status, role or reason by its name, an amount
 * as money where the entry names its currency, a moment in the reader's time, an endpoint's events
 * as a list; the rest as stored.
 */
function shown(
  t: TFunction,
  f: ReturnType<typeof useFormat>,
  money: MoneyFormat,
  targetType: string | null,
  key: string,
  v: unknown,
): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
  if (typeof v === 'string' && MONEY_FIELDS.has(key)) return money(v) ?? v;
  if (typeof v === 'string' && TIME_FIELDS.has(key)) return f.dateTime(v);
  // An endpoint's events, a comma list: '*' is every event, as the Webhooks page says it.
  if (typeof v === 'string' && key === 'events')
    return v
      .split(',')
      .map((type) => (type === '*' ? t('webhooks.allEvents') : type))
      .join(', ');
  const names = key === 'status' && targetType ? STATUS_NAMES[targetType] : VALUE_NAMES[key];
  if (typeof v === 'string') return names ? t(`${names}.${v}`, { defaultValue: v }) : v;
  return JSON.stringify(v);
}

/** Whether Who names the merchant itself: one acting through an API credential, with no e-mail. */
const namedByWho = (e: AuditEvent) => !e.actor_label && e.actor_type === 'merchant' && e.actor_id !== null;

/** The console page of an entry's target, for the kinds that have one. */
function targetHref(type: string | null, id: string | null): string | undefined {
  if (!id) return undefined;
  if (type === 'order') return `/admin/orders/${encodeURIComponent(id)}`;
  if (type === 'merchant') return `/admin/merchants/${encodeURIComponent(id)}`;
  return undefined;
}

/**
 * What an entry changed, a line per field under its form label (`Status: pending → processing`,
 * `Tracking No: 1Z…`); a field no form shows keeps its wire name.
 */
function changes(
  t: TFunction,
  f: ReturnType<typeof useFormat>,
  targetType: string | null,
  before: Fields,
  after: Fields,
): string[] {
  const currency = after?.currency ?? before?.currency;
  const money: MoneyFormat = (amount) => (typeof currency === 'string' ? f.money(amount, currency) : null);
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  // The currency the amounts are shown in ($995.00) is said by them: not a line of its own too,
  // unless their symbol is another currency's as well (CAD's "$").
  const inAmounts =
    typeof currency === 'string' &&
    keys.some((k) => MONEY_FIELDS.has(k)) &&
    symbolNamesCurrency(currency, f.locale);
  return keys
    .filter((k) => !(inAmounts && k === 'currency'))
    .map((k) => {
      const [b, a] = [before?.[k], after?.[k]].map((v) => shown(t, f, money, targetType, k, v));
      const label = fieldLabel(t, k, targetType);
      if (!before || !(k in before)) return `${label}: ${a}`;
      // A deletion records what was there and nothing after: its fields as they were.
      if (!after) return `${label}: ${b}`;
      if (!(k in after)) return `${label}: ${b} → —`;
      return `${label}: ${b} → ${a}`;
    });
}

export function AuditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const filters = useUrlFilters();
  const q = filters.get('q');
  const action = filters.get('action');
  const dates = dayRangeFilter(filters, t);
  const page = filters.page;
  const knownAction = (AUDIT_ACTIONS as readonly string[]).includes(action)
    ? (action as AuditAction)
    : undefined;
  // The days picked are the operator's days, as the "When" column's times are: each is sent as
  // the instants of its local start and end.
  const list = useAudit({
    q: q || undefined,
    action: knownAction,
    ...localDayBounds(dates.days),
    page,
    page_size: 50,
  });
  const go = filters.update;
  return (
    <>
      <PageHeader title={t('console.audit.title')} />
      <Card>
        <div className="filters">
          <FilterSelect
            label={t('security.what')}
            allLabel={t('console.audit.allActions')}
            value={action}
            onChange={(v) => go({ action: v })}
            options={AUDIT_ACTIONS.map((a) => ({ id: a, label: t(`audit.action.${a}`) }))}
          />
          <DayRangeFields dates={dates} onChange={go} />
          <SearchForm label={t('console.audit.search')} initial={q} onSearch={(v) => go({ q: v })} />
        </div>
        <QueryView
          query={list}
          isEmpty={(d) => d.items.length === 0}
          empty={
            q || knownAction || dates.from || dates.to
              ? t('console.audit.noneMatching')
              : t('security.noEvents')
          }
        >
          {(data) => (
            <>
              <DataTable
                label={t('console.audit.title')}
                columns={[
                  t('security.when'),
                  t('security.who'),
                  t('security.what'),
                  t('security.target'),
                  t('console.audit.change'),
                ]}
              >
                {data.items.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">{f.dateTime(e.at)}</td>
                    {/* Who and from where in one cell: the table fits 1280 px without scrolling. */}
                    <td className="break audit-who">
                      {/* A merchant acting through an API credential has no e-mail: its name says who. */}
                      {namedByWho(e) ? (
                        <Link to={targetHref('merchant', e.actor_id)!} title={e.actor_id!}>
                          <WrapAt text={actorText(t, e)} points={BEFORE_AT_OR_DOT} />
                        </Link>
                      ) : (
                        <span>
                          <WrapAt text={actorText(t, e)} points={BEFORE_AT_OR_DOT} />
                        </span>
                      )}
                      {credentialText(t, e.actor_credential) && (
                        <span className="subline small">{credentialText(t, e.actor_credential)}</span>
                      )}
                      {e.ip && (
                        <span className="subline mono small muted" title={t('security.from')}>
                          {e.ip}
                        </span>
                      )}
                    </td>
                    {/* What, and the operator's why beneath it (a note column squeezed the table). */}
                    <td className="event-cell">
                      <span className="nowrap">{t(`audit.action.${e.action}`)}</span>
                      {e.note && (
                        <span className="subline small muted" title={t('console.actions.note')}>
                          “{e.note}”
                        </span>
                      )}
                    </td>
                    <td className="audit-target">
                      {e.target_type
                        ? t(`audit.target.${e.target_type}`, { defaultValue: e.target_type })
                        : '—'}
                      {e.target_id && (
                        <span className="subline">
                          {e.target_type === 'merchant' &&
                          e.merchant_name &&
                          e.target_id === e.merchant_id ? (
                            <Link to={targetHref('merchant', e.target_id)!} title={e.target_id}>
                              {e.merchant_name}
                            </Link>
                          ) : (
                            <MiddleTruncate text={e.target_id} to={targetHref(e.target_type, e.target_id)} />
                          )}
                        </span>
                      )}
                      {/* Whose order, App, token…: the merchant, unless Who or the line above names it. */}
                      {e.merchant_name && e.merchant_id && e.target_type !== 'merchant' && !namedByWho(e) && (
                        <span className="subline small">
                          <Link to={targetHref('merchant', e.merchant_id)!} title={e.merchant_id}>
                            {e.merchant_name}
                          </Link>
                        </span>
                      )}
                    </td>
                    <td className="change-lines small">
                      {changes(t, f, e.target_type, e.before, e.after).map((line) => (
                        <span key={line} className="subline">
                          {line}
                        </span>
                      ))}
                      {!e.before && !e.after && '—'}
                    </td>
                  </tr>
                ))}
              </DataTable>
              <Pagination of={data} onPage={(p) => go({ page: String(p) })} />
            </>
          )}
        </QueryView>
      </Card>
    </>
  );
}
