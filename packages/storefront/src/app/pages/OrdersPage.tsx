import { useInfiniteQuery } from '@tanstack/react-query';
import { trpc } from '../api/client.js';
import { Link } from '../components/Link.js';
import { Money } from '../components/Money.js';
import { ErrorNotice } from '../components/Notice.js';
import { Page } from '../components/Page.js';

export function OrdersPage() {
  const orders = useInfiniteQuery(
    trpc.order.list.infiniteQueryOptions({ limit: 10 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const items = orders.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Page title="Your orders">
      {orders.error ? <ErrorNotice error={orders.error} service="order" retry={() => void orders.refetch()} /> : null}
      {orders.isPending ? <p role="status">Loading your orders…</p> : null}
      {orders.isSuccess && items.length === 0 ? (
        <p>
          No orders yet. <Link to="/">Browse the catalog</Link>
        </p>
      ) : null}
      {items.length > 0 ? (
        <table className="orders">
          <caption className="visually-hidden">Your orders, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Status</th>
              <th scope="col">Items</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {items.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  <Link to={`/orders/${encodeURIComponent(o.id)}`}>{o.id}</Link>
                </th>
                <td>{new Date(o.createdAt).toLocaleString('en-US')}</td>
                <td>{o.status}</td>
                <td>{o.lines.reduce((sum, l) => sum + l.quantity, 0)}</td>
                <td>
                  <Money cents={o.totalCents} currency={o.currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {orders.hasNextPage ? (
        <button type="button" onClick={() => void orders.fetchNextPage()} disabled={orders.isFetchingNextPage}>
          Show older orders
        </button>
      ) : null}
    </Page>
  );
}
