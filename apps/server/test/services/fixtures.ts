/**
 * Harness for the data-layer suites: services over an opened test database, and the AppError
 * helpers. The merchant/product/order factories are in ../helpers/factories.ts, the ledger
 * check in ../helpers/ledger.ts.
 */
import { afterAll, beforeAll } from 'vitest';
import type { OpenedDatabase } from '../../src/db/dialect.ts';
import { createServices, type Services } from '../../src/services.ts';
import { AppError } from '../../src/shared/app-error.ts';
import type { TestDatabase } from '../helpers/databases.ts';

export const MASTER_KEY = Buffer.alloc(32, 7);

export function servicesFor(opened: OpenedDatabase): Services {
  return createServices({
    db: opened.db,
    writer: opened.writer,
    masterKey: MASTER_KEY,
    dialect: opened.dialect,
  });
}

/**
 * Opens `database` once for the suite (beforeAll), hands the opened database and its services
 * to `onOpen`, and closes and disposes everything afterwards.
 */
export function useServices(
  database: TestDatabase,
  onOpen: (opened: OpenedDatabase, services: Services) => void,
): void {
  let opened: OpenedDatabase | undefined;
  let services: Services | undefined;
  beforeAll(async () => {
    opened = await database.open();
    services = servicesFor(opened);
    onOpen(opened, services);
  });
  afterAll(async () => {
    services?.close();
    await opened?.close();
    await database.dispose();
  });
}

/** Runs `fn` and returns the AppError code it failed with (0 when it succeeded). */
export async function codeOf(fn: () => Promise<unknown>): Promise<number> {
  try {
    await fn();
    return 0;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw e;
  }
}

/** The AppError `fn` fails with; fails the test when it succeeds or throws something else. */
export async function errorOf(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, but the call succeeded');
}
