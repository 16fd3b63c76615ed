import { useQuery } from '@tanstack/react-query';
import { trpc } from '../api/client.js';
import { errorCode } from '../api/errors.js';
import type { Order } from '../api/shop-router.js';
import { Link } from '../components/Link.js';
import { Money } from '../components/Money.js';
import { ErrorNotice, Notice } from '../components/Notice.js';
import { Page } from '../components/Page.js';

export function OrderLines({ order }: { order: Order }) {
  return (
    <ul className="summary" aria-label={`Lines of order ${order.id}`}>
      {order.lines.map((line) => (
        <li key={line.productId}>
          {line.quantity} × {line.name} — <Money cents={line.lineTotalCents} currency={order.currency} />
        </li>
      ))}
    </ul>
  );
}

export function OrderPage({ id, placed }: { id: string; placed: boolean }) {
  const order = useQuery(trpc.order.get.queryOptions({ id }));
  if (order.error) {
    return (
      <Page title="Order">
        {errorCode(order.error) === 'NOT_FOUND' ? <p>There is no such order.</p> : <ErrorNotice error={order.error} service="order" retry={() => void order.refetch()} />}
      </Page>
    );
  }
  if (!order.data) return <p role="status">Loading…</p>;
  const o = order.data;
  return (
    <Page title={placed ? 'Thank you for your order' : `Order ${o.id}`}>
      {placed ? <Notice kind="success">Order {o.id} is placed.</Notice> : null}
      <p>
        Status: <strong className={`status status-${o.status.toLowerCase()}`}>{o.status}</strong> · {new Date(o.createdAt).toLocaleString('en-US')}
      </p>
      <OrderLines order={o} />
      <p className="total">
        Total: <Money cents={o.totalCents} currency={o.currency} />
      </p>
      <p>
        <Link to="/orders">All your orders</Link> · <Link to="/">Keep shopping</Link>
      </p>
    </Page>
  );
}
