/**
 * The B-End response codes that have words in the app (docs.codes.c…, shown for a batch item's
 * outcome); kept equal to the protocol's BEND_CODES by apps/web/test/i18n.test.ts. The codes'
 * reference (meaning and HTTP status) is the guide's table, rendered on the API docs page.
 */
export const RESPONSE_CODES = [
  0, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 2001, 2002, 2003, 3001, 3002, 3003, 3004, 4001, 4029, 5001,
] as const;
