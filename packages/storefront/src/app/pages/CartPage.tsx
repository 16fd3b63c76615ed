import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { trpc } from '../api/client.js';
import type { Cart } from '../api/shop-router.js';
import { checkoutAttempt } from '../checkout-attempt.js';
import { Link } from '../components/Link.js';
import { Money } from '../components/Money.js';
import { ErrorNotice } from '../components/Notice.js';
import { Page } from '../components/Page.js';

type Line = Cart['items'][number];

/** Every change answers with the whole cart as the server priced it: that is what the page shows. */
function useCartChange() {
  const queryClient = useQueryClient();
  return (cart: Cart) => {
    queryClient.setQueryData(trpc.cart.get.queryKey(), cart);
    // A different cart is a different checkout attempt.
    checkoutAttempt.finish();
  };
}

function CartLine({ line }: { line: Line }) {
  const changed = useCartChange();
  const [quantity, setQuantity] = useState(line.quantity);
  const setQty = useMutation(trpc.cart.setQuantity.mutationOptions({ onSuccess: changed }));
  const remove = useMutation(trpc.cart.removeItem.mutationOptions({ onSuccess: changed }));
  const inputId = `qty-${line.productId}`;
  const onUpdate = (event: FormEvent) => {
    event.preventDefault();
    setQty.mutate({ productId: line.productId, quantity });
  };
  return (
    <tr>
      <th scope="row">
        {line.available ? <Link to={`/products/${encodeURIComponent(line.productId)}`}>{line.name}</Link> : line.name}
      </th>
      <td>
        <Money cents={line.unitPriceCents} />
      </td>
      <td>
        <form className="quantity" onSubmit={onUpdate}>
          <label htmlFor={inputId} className="visually-hidden">
            Quantity of {line.name}
          </label>
          <input id={inputId} type="number" min={0} max={99} value={quantity} onChange={(e) => setQuantity(Number(e.target.value))} />
          <button type="submit" disabled={setQty.isPending || quantity === line.quantity}>
            Update
          </button>
        </form>
        {setQty.error ? <ErrorNotice error={setQty.error} service="cart" /> : null}
      </td>
      <td>
        <Money cents={line.lineTotalCents} />
      </td>
      <td>
        <button type="button" onClick={() => remove.mutate({ productId: line.productId })} disabled={remove.isPending} aria-label={`Remove ${line.name}`}>
          Remove
        </button>
        {remove.error ? <ErrorNotice error={remove.error} service="cart" /> : null}
      </td>
    </tr>
  );
}

export function CartPage() {
  const cart = useQuery(trpc.cart.get.queryOptions());
  return (
    <Page title="Your cart">
      {cart.error ? <ErrorNotice error={cart.error} service="cart" retry={() => void cart.refetch()} /> : null}
      {cart.isPending ? <p role="status">Loading your cart…</p> : null}
      {cart.data && cart.data.items.length === 0 ? (
        <p>
          Your cart is empty. <Link to="/">Browse the catalog</Link>
        </p>
      ) : null}
      {cart.data && cart.data.items.length > 0 ? (
        <>
          <table className="cart">
            <caption className="visually-hidden">Products in your cart</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Price</th>
                <th scope="col">Quantity</th>
                <th scope="col">Total</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cart.data.items.map((line) => (
                // Keyed by quantity too: a new server answer resets the line's input.
                <CartLine key={`${line.productId}:${line.quantity}`} line={line} />
              ))}
            </tbody>
          </table>
          <p className="total">
            Total: <Money cents={cart.data.totalCents} currency={cart.data.currency} />
          </p>
          <p>
            <Link to="/checkout" className="button">
              Check out
            </Link>
          </p>
        </>
      ) : null}
    </Page>
  );
}
