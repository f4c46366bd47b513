import {
  OPERATOR_TARGET_STATUSES,
  ORDER_TRANSITIONS,
  transitionBody,
  type AdminOrder,
  type TransitionBody,
} from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useFormCheck } from '../../../lib/zod-fields.ts';
import { useTransitionOrder } from '../api/transition-order.ts';

type Target = TransitionBody['status'];

/** The moves an operator may make from a status: the state machine's edges, nothing else. */
const nextFor = (status: AdminOrder['status']): Target[] =>
  ORDER_TRANSITIONS[status].filter((s): s is Target =>
    (OPERATOR_TARGET_STATUSES as readonly string[]).includes(s),
  );

/**
 * The moves an operator may make on one order, as a menu: a compact ⋯ in the queue's rows, or a
 * labelled button (`label`) on the order's page. Shipping, cancelling and failing ask for their
 * details in a dialog first; delivering, which cannot be undone, asks to be confirmed. On the
 * order's page, a move made is said beside the menu.
 */
export function OrderActions({ order, label }: { order: AdminOrder; label?: string }) {
  const { t } = useTranslation();
  const move = useTransitionOrder();
  const [target, setTarget] = useState<Target | null>(null);
  const [fields, setFields] = useState({ carrier: '', tracking_no: '', reason: '' });
  const form = useFormCheck(move);
  const targets = nextFor(order.status);
  // On the order's page; in the queue the row's own status badge says it, and the row stays compact.
  const done =
    label && move.isSuccess ? (
      <p role="status" className="muted">
        {t('console.orders.movedTo', { status: t(`status.order.${move.variables.status}`) })}
      </p>
    ) : null;
  // A final move (delivered, cancelled, failed) leaves no menu, but its "Done" line stays.
  if (targets.length === 0) return done;

  // Every move but "processing" asks first: for its details, or (delivered: final) to be sure.
  const asksFirst = (s: Target) => s !== 'processing';
  const run = (status: Target) => {
    const body = {
      status,
      ...(status === 'shipped' ? { carrier: fields.carrier, tracking_no: fields.tracking_no } : {}),
      ...(status === 'cancelled' || status === 'failed' ? { reason: fields.reason } : {}),
    };
    const parsed = form.check(transitionBody, body);
    if (!parsed) return;
    move.mutate({ orderNo: order.order_no, ...parsed }, { onSuccess: () => setTarget(null) });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (target) run(target);
  };

  return (
    <div className="order-actions">
      {/* One menu of the moves the state machine allows: in the queue, compact, so it fits 1280 px. */}
      <MenuTrigger>
        <Button
          size={label ? 'md' : 'sm'}
          variant="secondary"
          {...(label ? {} : { 'aria-label': t('console.orders.actionsFor', { orderNo: order.order_no }) })}
          isPending={move.isPending}
        >
          {label ? (
            <>
              {label} <span aria-hidden="true">▾</span>
            </>
          ) : (
            <span aria-hidden="true">⋯</span>
          )}
        </Button>
        <Popover className="popover" placement="bottom end">
          <Menu
            className="listbox"
            onAction={(key) => {
              const s = key as Target;
              if (asksFirst(s)) setTarget(s);
              else run(s);
            }}
          >
            {targets.map((s) => (
              <MenuItem
                key={s}
                id={s}
                className={`listbox-item${s === 'cancelled' || s === 'failed' ? ' menu-item-danger' : ''}`}
              >
                {t(`console.orders.to.${s}`)}
              </MenuItem>
            ))}
          </Menu>
        </Popover>
      </MenuTrigger>
      <MutationStatus isPending={false} isSuccess={false} error={target ? null : move.error} />
      {done}
      <Dialog
        isOpen={target !== null}
        onOpenChange={(o) => !o && setTarget(null)}
        title={target ? `${t(`console.orders.to.${target}`)} ${order.order_no}` : ''}
      >
        <Form onSubmit={onSubmit} className="form" validationBehavior="aria">
          {target === 'shipped' ? (
            <>
              <TextField
                label={t('console.orders.carrier')}
                value={fields.carrier}
                onChange={(v) => setFields((f) => ({ ...f, carrier: v }))}
                errorMessage={form.fieldError('carrier')}
                isRequired
              />
              <TextField
                label={t('orders.tracking')}
                value={fields.tracking_no}
                onChange={(v) => setFields((f) => ({ ...f, tracking_no: v }))}
                errorMessage={form.fieldError('tracking_no')}
                isRequired
              />
            </>
          ) : target === 'delivered' ? (
            <p>{t('console.orders.deliveredFinal')}</p>
          ) : (
            <TextField
              label={t('console.orders.reason')}
              // Sentences in one string: each language joins them its own way (no space after 。).
              description={t(target === 'failed' ? 'console.orders.failHint' : 'console.orders.cancelHint')}
              value={fields.reason}
              onChange={(v) => setFields((f) => ({ ...f, reason: v }))}
              errorMessage={form.fieldError('reason')}
              isRequired
              multiline
            />
          )}
          <MutationStatus
            isPending={move.isPending}
            isSuccess={false}
            error={move.error}
            onField={form.onField}
          />
          <div className="dialog-actions">
            {/* Not "Cancel": beside an order that can be cancelled, that word would mean the order. */}
            <Button variant="secondary" onPress={() => setTarget(null)}>
              {target === 'shipped' || target === 'delivered' ? t('common.notNow') : t('orders.keep')}
            </Button>
            <Button
              type="submit"
              variant={target === 'cancelled' || target === 'failed' ? 'danger' : 'primary'}
              isPending={move.isPending}
            >
              {target ? t(`console.orders.to.${target}`) : ''}
            </Button>
          </div>
        </Form>
      </Dialog>
    </div>
  );
}
