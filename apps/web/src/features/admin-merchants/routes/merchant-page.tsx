import type { AuditEvent } from '@tradepost/web-contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CreditFigures } from '../../../components/credit-figures.tsx';
import { SignInFailuresText } from '../../../components/sign-in-failures.tsx';
import { OrdersTable } from '../../../components/orders-table.tsx';
import { TransactionsTable } from '../../../components/transactions-table.tsx';
import { Card, DataTable, Facts, PageHeader, StatusBadge } from '../../../components/ui/misc.tsx';
import { Empty, ErrorState, Loading } from '../../../components/ui/states.tsx';
import { useCanManage } from '../../../lib/auth.ts';
import { useFormat } from '../../../lib/format.ts';
import { useMerchant } from '../api/get-merchant.ts';
import { CreditEntryForm, StatusActions } from '../components/merchant-actions.tsx';
import { MerchantEdit } from '../components/merchant-edit.tsx';

export function MerchantPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { merchantId = '' } = useParams();
  const m = useMerchant(merchantId);
  const canManage = useCanManage();
  const [editing, setEditing] = useState(false);
  if (m.isPending) return <Loading />;
  if (m.isError) return <ErrorState error={m.error} />;
  const d = m.data;
  const orderHref = (n: string) => `/admin/orders/${encodeURIComponent(n)}`;
  // A freeze's or a suspension's when, who and why, from its audit entry.
  const statusChange = (e: AuditEvent) => ({
    when: f.dateTime(e.at),
    who: e.actor_label ?? t(`audit.actor.${e.actor_type}`),
    note: e.note ?? '—',
  });
  return (
    <>
      <PageHeader title={d.profile.company_name}>
        <Link to="/admin/merchants">{t('console.merchants.back')}</Link>
      </PageHeader>
      <div className="stack">
        <Card title={t('console.merchants.account')}>
          <Facts
            items={[
              [t('profile.merchantId'), <span className="mono">{d.profile.merchant_id}</span>, 'wide'],
              [t('auth.email'), d.profile.email, 'wide'],
              [
                t('orders.status'),
                <StatusBadge status={d.status} label={t(`console.merchantStatus.${d.status}`)} />,
              ],
              [t('orders.created'), f.dateTime(d.created_at)],
              [
                t('console.merchants.twoFactor'),
                t(d.two_factor_enabled ? 'console.merchants.twoFactorOn' : 'console.merchants.twoFactorOff'),
              ],
              ...(d.failed_sign_ins
                ? ([
                    [
                      t('console.signIns.failed'),
                      <SignInFailuresText failures={d.failed_sign_ins} />,
                      'wide',
                    ],
                  ] as const)
                : []),
              [t('profile.field.contact_name'), d.profile.contact_name ?? '—'],
              [t('profile.field.contact_phone'), d.profile.contact_phone ?? '—'],
              [
                t('profile.bankAccount'),
                d.profile.bank_account
                  ? `${d.profile.bank_account.bank_name} ${d.profile.bank_account.account_number_masked}`
                  : '—',
              ],
            ]}
          />
          {d.suspended_by && (
            <p className="muted">{t('console.merchants.suspendedBy', statusChange(d.suspended_by))}</p>
          )}
          {canManage ? (
            <StatusActions merchant={d} editing={editing} onEdit={() => setEditing((e) => !e)} />
          ) : (
            <p className="muted">{t('console.supportOnly')}</p>
          )}
        </Card>
        {canManage && editing && (
          // Keyed: another merchant's page (the same route) starts its forms from its own values.
          <MerchantEdit key={d.profile.merchant_id} merchant={d} onClose={() => setEditing(false)} />
        )}
        <Card title={t('credit.statusTitle')}>
          <CreditFigures credit={d.credit} />
          {d.frozen_by && (
            <p className="muted">{t('console.merchants.frozenBy', statusChange(d.frozen_by))}</p>
          )}
        </Card>
        {canManage && (
          <Card title={t('console.credit.title')}>
            <CreditEntryForm merchant={d} />
          </Card>
        )}
        <Card title={t('dashboard.recentTransactions')}>
          {d.recent_transactions.length === 0 ? (
            <Empty>{t('dashboard.noTransactions')}</Empty>
          ) : (
            <TransactionsTable
              items={d.recent_transactions}
              label={t('dashboard.recentTransactions')}
              orderHref={orderHref}
            />
          )}
          <p>
            <Link to={`/admin/merchants/${encodeURIComponent(d.profile.merchant_id)}/transactions`}>
              {t('dashboard.allTransactions')}
            </Link>
          </p>
        </Card>
        <Card title={t('dashboard.recentOrders')}>
          {d.recent_orders.length === 0 ? (
            <Empty>{t('dashboard.noOrders')}</Empty>
          ) : (
            <OrdersTable
              items={d.recent_orders}
              label={t('dashboard.recentOrders')}
              orderHref={orderHref}
              viewer="operator"
            />
          )}
          <p>
            <Link to={`/admin/orders?merchant_id=${encodeURIComponent(d.profile.merchant_id)}`}>
              {t('dashboard.allOrders')}
            </Link>
          </p>
        </Card>
        <Card title={t('console.merchants.credentials')}>
          <p className="muted">{t('console.merchants.credentialsHint')}</p>
          {d.apps.length === 0 && !d.api_key && d.tokens.length === 0 ? (
            <Empty>{t('console.merchants.noCredentials')}</Empty>
          ) : (
            <DataTable
              label={t('console.merchants.credentials')}
              columns={[
                t('tx.type'),
                t('console.merchants.credentialId'),
                t('apps.name'),
                t('orders.status'),
              ]}
            >
              {d.apps.map((a) => (
                <tr key={a.app_id}>
                  <td>{t('console.merchants.kind.app')}</td>
                  <td className="mono">{a.app_id}</td>
                  <td>{a.name}</td>
                  <td>
                    <StatusBadge status={a.status} label={t(`apps.statusValue.${a.status}`)} />
                  </td>
                </tr>
              ))}
              {d.api_key && (
                <tr>
                  <td>{t('console.merchants.kind.apiKey')}</td>
                  <td className="mono">{d.api_key.user_id}</td>
                  <td>{d.api_key.read_only ? t('common.readOnly') : t('common.readWrite')}</td>
                  <td>—</td>
                </tr>
              )}
              {d.tokens.map((tok) => (
                <tr key={tok.token}>
                  <td>{t('console.merchants.kind.token')}</td>
                  <td className="mono">{tok.token}</td>
                  <td>{tok.name}</td>
                  <td>
                    <StatusBadge status={tok.status} label={t(`tokens.statusValue.${tok.status}`)} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </Card>
      </div>
    </>
  );
}
