import { metricsRegistry } from '@shop/kit';
import { Counter } from 'prom-client';

/** Reserves refused for short stock; the Grafana dashboard reads this exact name. */
export const reservationConflicts = new Counter({
  name: 'shop_stock_reservation_conflicts_total',
  help: 'Stock reservations refused because at least one product was short',
  registers: [metricsRegistry],
});
