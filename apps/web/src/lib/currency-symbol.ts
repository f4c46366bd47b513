/**
 * Whether the narrow symbol money is shown with names `currency` alone here: "$" is USD's in
 * English but also CAD's and AUD's (their full symbols "CA$", "A$" differ from it).
 */
export function symbolNamesCurrency(currency: string, locale: string): boolean {
  const symbol = (currencyDisplay: 'symbol' | 'narrowSymbol') =>
    new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay }).format(1);
  return symbol('symbol') === symbol('narrowSymbol');
}
