import {
  digitsToNumber,
  formatMoney,
  ORDER_QUANTITY,
  parseMoney,
  placeOrderBody,
  skuAvailability,
  type Credit,
  type Order,
  type Product,
} from '@tradepost/web-contract';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { Banner } from '../../../components/ui/misc.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useOnePress } from '../../../components/ui/use-one-press.ts';
import { ApiError } from '../../../lib/api-client.ts';
import { useFormat } from '../../../lib/format.ts';
import { useFormCheck } from '../../../lib/zod-fields.ts';
import { usePlaceOrder } from '../api/place-order.ts';

const ADDRESS_FIELDS = ['name', 'phone', 'address', 'city', 'country', 'postal_code'] as const;
type AddressField = (typeof ADDRESS_FIELDS)[number];
const NO_ADDRESS: Record<AddressField, string> = Object.fromEntries(
  ADDRESS_FIELDS.map((k) => [k, '']),
) as Record<AddressField, string>;

/**
 * The order form: validated with the contract's schema (the server's rules) and still shows the
 * server's answer. With the merchant's `credit`, the total is shown against what is available.
 */
export function PlaceOrderForm({ product, credit }: { product: Product; credit?: Credit | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const orderable = product.skus.filter((s) => skuAvailability(product, s) === 'orderable');
  const [skuId, setSkuId] = useState(orderable[0]?.sku_id ?? '');
  const [quantity, setQuantity] = useState('1');
  const [merchantOrderNo, setMerchantOrderNo] = useState('');
  const [address, setAddress] = useState(NO_ADDRESS);
  const [placed, setPlaced] = useState<Order | null>(null);
  const place = usePlaceOrder();
  const form = useFormCheck(place);
  const once = useOnePress(place.isPending);
  // A refusal for stock says how many are left on the quantity field (the server's message);
  // the line under the button then says what it means, not "check the fields".
  const outOfStock = place.error instanceof ApiError && place.error.code === 'out_of_stock';

  if (orderable.length === 0) {
    return <Banner tone="info">{t('products.notOrderable')}</Banner>;
  }

  // What the order will cost, before it is placed: the SKU's price times a quantity the server
  // would take, in integer minor units as the server computes the amount.
  const sku = orderable.find((s) => s.sku_id === skuId);
  const count = digitsToNumber(quantity.trim());
  const unit = sku ? parseMoney(sku.price) : null;
  const amount =
    sku &&
    unit !== null &&
    typeof count === 'number' &&
    count >= ORDER_QUANTITY.min &&
    count <= ORDER_QUANTITY.max
      ? BigInt(unit) * BigInt(count)
      : null;
  const total = sku && amount !== null ? f.money(formatMoney(amount), sku.currency) : null;
  // Against the credit line in the same currency (another one is refused for its currency anyway).
  const inCredit = credit && sku && credit.currency === sku.currency ? credit : undefined;
  const available = inCredit ? f.money(inCredit.available, inCredit.currency) : null;
  const overCredit =
    inCredit !== undefined && amount !== null && amount > BigInt(parseMoney(inCredit.available) ?? 0);

  // The form as an order's success left it: emptied for the next one, nothing picked or typed since.
  const untouched =
    placed !== null &&
    skuId === placed.sku_id &&
    quantity === '1' &&
    merchantOrderNo === '' &&
    address === NO_ADDRESS;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // The second tap of a double-tap lands here after the order is placed (or while it is sent):
    // nothing to send, and no "required" on every field under the notice of the order just placed.
    if (!untouched) once(send);
  };

  const send = () => {
    const body = {
      goods_id: product.goods_id,
      sku_id: skuId,
      // The field holds text; the API takes a JSON number (digits only, so "1e0" is still refused).
      quantity: digitsToNumber(quantity.trim()),
      merchant_order_no: merchantOrderNo,
      shipping_address: address,
    };
    const parsed = form.check(placeOrderBody, body);
    if (!parsed) return false;
    setPlaced(null);
    place.mutate(parsed, {
      onSuccess: (order) => {
        setPlaced(order);
        // A fresh form for the next order: its own order No (a repeated one would be refused) and
        // its own recipient, so nothing ships twice to the last address by a second click.
        setQuantity('1');
        setMerchantOrderNo('');
        setAddress(NO_ADDRESS);
      },
    });
  };

  return (
    <Form
      onSubmit={onSubmit}
      className="form"
      validationBehavior="aria"
      aria-label={t('products.placeOrder')}
    >
      <Select
        label={t('products.sku')}
        value={skuId}
        onChange={setSkuId}
        options={orderable.map((s) => ({
          id: s.sku_id,
          label: `${s.spec} — ${f.money(s.price, s.currency)}`,
        }))}
      />
      <div className="grid">
        <TextField
          label={t('orders.quantity')}
          inputMode="numeric"
          value={quantity}
          onChange={setQuantity}
          errorMessage={form.fieldError('quantity')}
          isRequired
        />
        <TextField
          label={t('products.merchantOrderNo')}
          description={t('products.merchantOrderNoHint')}
          value={merchantOrderNo}
          onChange={setMerchantOrderNo}
          errorMessage={form.fieldError('merchant_order_no')}
        />
      </div>
      <p className="order-total" aria-live="polite">
        {total &&
          (available
            ? t('products.totalOfAvailable', { amount: total, available })
            : t('products.total', { amount: total }))}
        {overCredit && <span className="order-total-over">{t('products.overCredit')}</span>}
      </p>
      <fieldset className="fieldset">
        <legend>{t('orders.shippingAddress')}</legend>
        <div className="grid">
          {ADDRESS_FIELDS.map((k) => (
            <TextField
              key={k}
              label={t(`address.${k}`)}
              description={k === 'country' ? t('address.countryHint') : undefined}
              value={address[k]}
              onChange={(v) => setAddress((a) => ({ ...a, [k]: v }))}
              errorMessage={form.fieldError(`shipping_address.${k}`)}
              isRequired={k !== 'postal_code'}
              autoComplete={AUTOCOMPLETE[k]}
              // A phone's keypad for the phone number.
              {...(k === 'phone' ? { type: 'tel', inputMode: 'tel' } : {})}
            />
          ))}
        </div>
      </fieldset>
      <div className="row">
        <Button type="submit" isPending={place.isPending}>
          {t('products.placeOrder')}
        </Button>
      </div>
      <MutationStatus
        isPending={place.isPending}
        isSuccess={false}
        error={place.error}
        onField={form.onField}
        summary={
          outOfStock
            ? t('errors.out_of_stock')
            : place.error instanceof ApiError &&
                place.error.code === 'insufficient_credit' &&
                total &&
                available
              ? t('products.refusedForCredit', { amount: total, available })
              : undefined
        }
        pendingText={t('products.placing')}
      />
      {placed && (
        <Banner tone="success">
          {t('products.placed', {
            orderNo: placed.order_no,
            amount: f.money(placed.amount, placed.currency),
          })}{' '}
          <Link to={`/orders/${encodeURIComponent(placed.order_no)}`}>{t('products.viewOrder')}</Link>
          {' · '}
          <Link to="/transactions">{t('products.viewTransactions')}</Link>
        </Banner>
      )}
    </Form>
  );
}

const AUTOCOMPLETE: Record<AddressField, string> = {
  name: 'shipping name',
  phone: 'shipping tel',
  address: 'shipping street-address',
  city: 'shipping address-level2',
  country: 'shipping country',
  postal_code: 'shipping postal-code',
};
