const answers = new Map<string, boolean>();

/**
 * Whether the narrow symbol money is shown with names `currency` alone here: "$" is USD's in
 * English but also CAD's and AUD's (their full symbols "CA$", "A$" differ from it). Asked for
 * every audit entry's amounts; building two NumberFormats each time is the cost, so answers stay.
 */
export function symbolNamesCurrency(currency: string, locale: string): boolean {
  const key = `${currency} ${locale}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    const symbol = (currencyDisplay: 'symbol' | 'narrowSymbol') =>
      new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay }).format(1);
    answer = symbol('symbol') === symbol('narrowSymbol');
    answers.set(key, answer);
  }
  return answer;
}
