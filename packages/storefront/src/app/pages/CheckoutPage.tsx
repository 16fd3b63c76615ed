import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { trpc } from '../api/client.js';
import { errorCode, isUnavailable } from '../api/errors.js';
import type { Cart } from '../api/shop-router.js';
import { checkoutAttempt } from '../checkout-attempt.js';
import { Link } from '../components/Link.js';
import { Money } from '../components/Money.js';
import { ErrorNotice, Notice } from '../components/Notice.js';
import { Page } from '../components/Page.js';
import { navigate } from '../routing.js';

interface Shortage {
  name: string;
  left: number;
  wanted: number;
}

/** The order service says only that stock was short: ask the catalog which lines of the cart are. */
async function findShortages(queryClient: QueryClient, cart: Cart): Promise<Shortage[]> {
  const products = await Promise.all(cart.items.map((line) => queryClient.fetchQuery({ ...trpc.product.get.queryOptions({ id: line.productId }), staleTime: 0 })));
  return cart.items.flatMap((line, i) => {
    const stock = products[i]?.stock ?? 0;
    return stock < line.quantity ? [{ name: line.name, left: stock, wanted: line.quantity }] : [];
  });
}

export function CheckoutPage() {
  const queryClient = useQueryClient();
  const cart = useQuery(trpc.cart.get.queryOptions());
  // Made once for this attempt: every retry and a second click send the same key, so one order is placed.
  const [key, setKey] = useState(() => checkoutAttempt.key());
  const [shortages, setShortages] = useState<Shortage[] | null>(null);
  const place = useMutation(
    trpc.order.create.mutationOptions({
      retry: (failures, err) => failures < 2 && isUnavailable(err),
      onSuccess: async (order) => {
        checkoutAttempt.finish();
        await queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.order.list.pathKey() });
        navigate(`/orders/${encodeURIComponent(order.id)}?placed=1`, { replace: true });
      },
      onError: async (err) => {
        if (isUnavailable(err)) return;
        // A definite refusal ends this attempt: the next try (after changing the cart) is a new order.
        checkoutAttempt.finish();
        setKey(checkoutAttempt.key());
        if (errorCode(err) === 'CONFLICT' && cart.data) setShortages(await findShortages(queryClient, cart.data));
      },
    }),
  );

  const onPlace = () => {
    if (place.isPending) return;
    setShortages(null);
    place.mutate({ idempotencyKey: key });
  };

  return (
    <Page title="Checkout">
      {cart.error ? <ErrorNotice error={cart.error} service="cart" retry={() => void cart.refetch()} /> : null}
      {cart.isPending ? <p role="status">Loading your cart…</p> : null}
      {cart.data && cart.data.items.length === 0 && !place.isSuccess ? (
        <p>
          Your cart is empty. <Link to="/">Browse the catalog</Link>
        </p>
      ) : null}
      {cart.data && cart.data.items.length > 0 ? (
        <>
          <ul className="summary" aria-label="Order summary">
            {cart.data.items.map((line) => (
              <li key={line.productId}>
                {line.quantity} × {line.name} — <Money cents={line.lineTotalCents} />
              </li>
            ))}
          </ul>
          <p className="total">
            Total: <Money cents={cart.data.totalCents} currency={cart.data.currency} />
          </p>
          <button type="button" className="primary" onClick={onPlace} disabled={place.isPending}>
            {place.isPending ? 'Placing your order…' : 'Place order'}
          </button>
        </>
      ) : null}
      {shortages && shortages.length > 0 ? (
        <Notice>
          <p>Not enough stock for:</p>
          <ul>
            {shortages.map((s) => (
              <li key={s.name}>
                {s.name}: {s.left === 0 ? 'none left' : `only ${s.left} left`}, {s.wanted} in your cart
              </li>
            ))}
          </ul>
          <p>
            <Link to="/cart">Change your cart</Link> and try again.
          </p>
        </Notice>
      ) : null}
      {place.error && !(shortages && shortages.length > 0) ? (
        <ErrorNotice error={place.error} service="order" retry={isUnavailable(place.error) ? onPlace : undefined} />
      ) : null}
    </Page>
  );
}
