/**
 * The demo catalog's pictures. Its products keep absolute URLs under `DEMO_IMAGE_BASE` (bend-v1.md
 * `images: [url]`; the catalog schema takes only absolute http(s) URLs, and the server has no
 * public base URL to build its own from), on the reserved `.example` domain, so an API client sees
 * at once that they are placeholders. The web app shows them as the same-origin SVG the server
 * draws at `DEMO_IMAGE_PATH` (the page's CSP and a fresh clone's network both allow that), which
 * also mends databases seeded before the server drew them.
 */
export const DEMO_IMAGE_BASE = 'https://img.tradepost.example/demo';

/** Where the server draws a demo picture: `/demo-images/<goods_id>/<n>.svg`. */
export const DEMO_IMAGE_PATH = '/demo-images';

const DEMO_IMAGE = /^https:\/\/img\.tradepost\.example\/demo\/(demo-[a-z]{2}-\d{3})\/(\d{1,2})\.jpg$/;

/** The URL a browser should load for a product picture: a demo one's placeholder, any other as it is. */
export function productImageSrc(url: string): string {
  const m = DEMO_IMAGE.exec(url);
  return m ? `${DEMO_IMAGE_PATH}/${m[1]}/${m[2]}.svg` : url;
}
