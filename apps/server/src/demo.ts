import { generateDemoCatalog } from './catalog-data/demo-catalog.ts';
import type { Context } from './context.ts';
import * as merchantsRepo from './modules/merchants/merchants.repository.ts';
import * as operatorsRepo from './modules/operators/operators.repository.ts';
import { verifyPassword } from './shared/password.ts';

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
  /** On later starts: the demo App's id, for the `app rotate` that issues new keys. */
  readonly appId?: string;
  /** The demo operator's console login. */
  readonly operator?: { email: string; password: string };
}

/** Demo logins are made only where no other machine can reach them (PublishedDemoPasswordError). */
function refuseReachable(ctx: Context): void {
  if (!isLoopbackHost(ctx.config.host)) throw PublishedDemoPasswordError.beforeSeeding(ctx.config.host);
}

/** A first operator, so the console is usable with the demo data (made once, like the merchant). */
async function ensureDemoOperator(ctx: Context): Promise<{ email: string; password: string }> {
  if (!(await ctx.services.operators.findByEmail(DEMO_OPERATOR_EMAIL))) {
    refuseReachable(ctx);
    await ctx.services.operators.create({
      email: DEMO_OPERATOR_EMAIL,
      password: DEMO_OPERATOR_PASSWORD,
      role: 'admin',
      name: 'Demo Admin',
    });
  }
  return { email: DEMO_OPERATOR_EMAIL, password: DEMO_OPERATOR_PASSWORD };
}

/**
 * Demo data for a first look: the demo catalog, a merchant with 5,000.00 USD of credit and one
 * App, and the demo operator. Only when asked: TRADEPOST_DEMO defaults to 0 (`npm start` and
 * `serve --demo` ask for `auto`), and `auto` loads it only into an empty database, so pointing the
 * server at a real one never plants a demo login in it. `1` always ensures it.
 */
export async function ensureDemoData(ctx: Context): Promise<DemoReport | null> {
  if (ctx.config.demo === false) return null;
  const { services } = ctx;
  const existing = await services.merchants.findByEmail(DEMO_EMAIL);
  if (existing) {
    const [app] = await services.apps.list(existing.merchantId);
    return {
      created: false,
      email: DEMO_EMAIL,
      password: DEMO_PASSWORD,
      ...(app ? { appId: app.app_id } : {}),
      operator: await ensureDemoOperator(ctx),
    };
  }
  if (ctx.config.demo === 'auto') {
    const anyProduct = await services.catalog.listProducts({ page: '1', page_size: '1' });
    if (anyProduct.total > 0) return null;
  }
  refuseReachable(ctx);
  await services.catalog.upsertProducts(generateDemoCatalog());
  const merchant = await services.merchants.create({
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    name: 'Demo Trading Co.',
    creditLimit: '5000.00',
    currency: 'USD',
  });
  const app = await services.apps.create(merchant.merchantId, 'Demo App');
  return {
    created: true,
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    app,
    operator: await ensureDemoOperator(ctx),
  };
}

/** 127.0.0.0/8, ::1, localhost: addresses no other machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' ||
    h === '::1' ||
    /^127(?:\.\d{1,3}){3}$/.test(h) ||
    /^::ffff:127(?:\.\d{1,3}){3}$/.test(h)
  );
}

export class PublishedDemoPasswordError extends Error {
  private constructor(message: string) {
    super(message);
    this.name = 'PublishedDemoPasswordError';
  }

  /** Demo logins left with their published password, on a reachable address. */
  static leftOpen(host: string, logins: string[]): PublishedDemoPasswordError {
    return new PublishedDemoPasswordError(
      `refusing to listen on HOST=${host}: ${logins.join(' and ')} still ` +
        `${logins.length > 1 ? 'have' : 'has'} the demo password published in the README. ` +
        "Change it (signed in, on the portal's or the console's Security page), or listen on 127.0.0.1 for a local demo.",
    );
  }

  /**
   * Demo data asked for on a reachable address: refused before anything is written. Seeded and then
   * refused (as before), the demo App's keys, shown once at the start that creates them, were
   * never shown: the banner of a refused start is not printed.
   */
  static beforeSeeding(host: string): PublishedDemoPasswordError {
    return new PublishedDemoPasswordError(
      `refusing to load the demo data on HOST=${host}: its logins' passwords are published in the README. ` +
        'Load it listening on 127.0.0.1 (and change those passwords before listening elsewhere), or start without it (TRADEPOST_DEMO=0).',
    );
  }
}

/**
 * `serve` refuses a reachable address while a demo login still opens with its published password:
 * a demo database copied to a server, or TRADEPOST_DEMO=1 on HOST=0.0.0.0, must not be an open
 * door. Checked whatever TRADEPOST_DEMO says (the logins may be left from an earlier demo).
 */
export async function assertNoPublishedDemoLogin(ctx: Context): Promise<void> {
  if (isLoopbackHost(ctx.config.host)) return;
  const open: string[] = [];
  const merchant = await merchantsRepo.findUserByEmail(ctx.db, DEMO_EMAIL);
  if (merchant && (await verifyPassword(DEMO_PASSWORD, merchant.password_hash)))
    open.push(`the demo merchant ${DEMO_EMAIL}`);
  const operator = await operatorsRepo.findByEmail(ctx.db, DEMO_OPERATOR_EMAIL);
  if (operator && (await verifyPassword(DEMO_OPERATOR_PASSWORD, operator.password_hash))) {
    open.push(`the demo operator ${DEMO_OPERATOR_EMAIL}`);
  }
  if (open.length > 0) throw PublishedDemoPasswordError.leftOpen(ctx.config.host, open);
}
