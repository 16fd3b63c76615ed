import { metricsRegistry } from '@shop/kit';
import { Counter, Histogram } from 'prom-client';

// Names are fixed: the Grafana dashboard reads them.
export const ordersTotal = new Counter({
  name: 'shop_orders_total',
  help: 'Orders that reached a final status',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
});

export const orderFailuresTotal = new Counter({
  name: 'shop_order_failures_total',
  help: 'Order placements that failed, by reason (including those refused before an order was recorded)',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export const orderValueCents = new Histogram({
  name: 'shop_order_value_cents',
  help: 'Totals of confirmed orders, in cents',
  buckets: [500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000],
  registers: [metricsRegistry],
});
