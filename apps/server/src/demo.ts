import { generateDemoCatalog } from './catalog-data/demo-catalog.ts';
import type { Context } from './context.ts';

export const DEMO_EMAIL = 'demo@tradepost.local';
export const DEMO_PASSWORD = 'tradepost-demo';
/** The demo console login (an `admin` operator), printed beside the merchant's. */
export const DEMO_OPERATOR_EMAIL = 'admin@tradepost.local';
export const DEMO_OPERATOR_PASSWORD = 'tradepost-admin-demo';

export interface DemoReport {
  readonly created: boolean;
  readonly email: string;
  readonly password: string;
  /** Present only when the demo App was just created: its keys are never shown again. */
  readonly app?: { app_id: string; secret_key: string; sign_key: string };
  /** The demo operator's console login. */
  readonly operator?: { email: string; password: string };
}

/** A first operator, so the console is usable with the demo data (made once, like the merchant). */
async function ensureDemoOperator(ctx: Context): Promise<{ email: string; password: string }> {
  if (!(await ctx.services.operators.findByEmail(DEMO_OPERATOR_EMAIL))) {
    await ctx.services.operators.create({ email: DEMO_OPERATOR_EMAIL, password: DEMO_OPERATOR_PASSWORD, role: 'admin', name: 'Demo Admin' });
  }
  return { email: DEMO_OPERATOR_EMAIL, password: DEMO_OPERATOR_PASSWORD };
}

/**
 * Demo data for a first look: the demo catalog, a merchant with 5,000.00 USD of credit and one App.
 * With TRADEPOST_DEMO=auto (the default) it is loaded only into an empty database, so pointing the
 * server at a real one never plants a demo login in it.
 */
export async function ensureDemoData(ctx: Context): Promise<DemoReport | null> {
  if (ctx.config.demo === false) return null;
  const { services } = ctx;
  if (await services.merchants.findByEmail(DEMO_EMAIL)) {
    return { created: false, email: DEMO_EMAIL, password: DEMO_PASSWORD, operator: await ensureDemoOperator(ctx) };
  }
  if (ctx.config.demo === 'auto') {
    const anyProduct = await services.catalog.listProducts({ page: '1', page_size: '1' });
    if (anyProduct.total > 0) return null;
  }
  await services.catalog.upsertProducts(generateDemoCatalog());
  const merchant = await services.merchants.create({
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    name: 'Demo Trading Co.',
    creditLimit: '5000.00',
    currency: 'USD',
  });
  const app = await services.apps.create(merchant.merchantId, 'Demo App');
  return { created: true, email: DEMO_EMAIL, password: DEMO_PASSWORD, app, operator: await ensureDemoOperator(ctx) };
}
