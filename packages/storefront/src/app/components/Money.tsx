const formats = new Map<string, Intl.NumberFormat>();

/** Integer cents as the currency's amount, e.g. 5999 USD → $59.99. */
export function formatMoney(cents: number, currency = 'USD'): string {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formats.set(currency, format);
  }
  return format.format(cents / 100);
}

export function Money({ cents, currency }: { cents: number; currency?: string }) {
  return <span className="money">{formatMoney(cents, currency)}</span>;
}
