/**
 * A tab left open while the server is upgraded: its build's page chunks are gone (the new build's
 * have new names). Going to such a page reloads it once, at the address it was going to, and the
 * new build shows it; a chunk missing from the new build too shows the error page, not a loop.
 * The browser's behaviour does not depend on the database: SQLite only.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../server/test/helpers/databases.ts';
import { signInPortal, useE2E } from '../helpers/fixture.ts';

describeEachDatabase('the web app across an upgrade', (database) => {
  const e2e = useE2E(database);

  it.runIf(database.name === 'sqlite')(
    'a page whose chunk is gone reloads once into the new build; one gone there too shows the error',
    async () => {
      const m = await e2e.server.createMerchant();
      const { page } = await e2e.open();
      await signInPortal(page, m.email, m.password);
      let loads = 0;
      page.on('load', () => loads++);

      // The old build's chunk answers 404 once (gone); the reload fetches index.html, then it.
      let refused = 0;
      await page.route('**/assets/credit-page-*.js', (route) =>
        refused++ === 0 ? route.fulfill({ status: 404, body: 'gone' }) : route.fallback(),
      );
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credit' }).click();
      await page.getByRole('heading', { level: 1, name: 'Credit' }).waitFor();
      expect([new URL(page.url()).pathname, refused, loads]).toEqual(['/credit', 2, 1]);
      await page.unroute('**/assets/credit-page-*.js');

      // Missing from every build: one reload at most (within a minute), then the error page.
      await page.evaluate(`sessionStorage.clear()`);
      await page.route('**/assets/transactions-page-*.js', (route) =>
        route.fulfill({ status: 404, body: 'gone' }),
      );
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Transactions' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'This page could not be shown.' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/transactions');
      expect(loads).toBe(2);
      await page.getByRole('link', { name: 'Reload the page' }).waitFor();
    },
    120_000,
  );
});
