import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { trpc } from '../api/client.js';
import { errorCode, fieldIssues } from '../api/errors.js';
import { Field } from '../components/Field.js';
import { Link } from '../components/Link.js';
import { Money } from '../components/Money.js';
import { ErrorNotice, Notice } from '../components/Notice.js';
import { Page } from '../components/Page.js';
import { checkoutAttempt } from '../checkout-attempt.js';
import { useSession } from '../session.js';

export function ProductPage({ id }: { id: string }) {
  const signedIn = Boolean(useSession());
  const queryClient = useQueryClient();
  const product = useQuery(trpc.product.get.queryOptions({ id }));
  const [quantity, setQuantity] = useState(1);
  const add = useMutation(
    trpc.cart.addItem.mutationOptions({
      onSuccess: (cart) => {
        queryClient.setQueryData(trpc.cart.get.queryKey(), cart);
        checkoutAttempt.finish();
      },
    }),
  );

  if (product.error) {
    if (errorCode(product.error) === 'NOT_FOUND') {
      return (
        <Page title="Product not found">
          <p>
            There is no such product. <Link to="/">Back to the catalog</Link>
          </p>
        </Page>
      );
    }
    return (
      <Page title="Product">
        <ErrorNotice error={product.error} service="product" retry={() => void product.refetch()} />
      </Page>
    );
  }
  if (!product.data) return <p role="status">Loading…</p>;
  const p = product.data;

  const onAdd = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ productId: p.id, quantity });
  };

  return (
    <Page title={p.name}>
      <p className="category">{p.category}</p>
      <p>{p.description}</p>
      <p className="price">
        <Money cents={p.priceCents} currency={p.currency} />
      </p>
      <p className={p.stock > 0 ? 'stock' : 'stock out'} data-testid="stock">
        {p.stock > 0 ? `${p.stock} in stock` : 'Out of stock'}
      </p>
      {signedIn ? (
        <form className="add-to-cart" onSubmit={onAdd}>
          <Field label="Quantity" type="number" min={1} max={99} value={quantity} onChange={(e) => setQuantity(Number(e.target.value))} error={fieldIssues(add.error).quantity} />
          <button type="submit" disabled={add.isPending || p.stock === 0}>
            Add to cart
          </button>
        </form>
      ) : (
        <p>
          <Link to={`/login?next=${encodeURIComponent(`/products/${p.id}`)}`}>Log in</Link> to add it to your cart.
        </p>
      )}
      {add.isSuccess ? (
        <Notice kind="success">
          Added to your cart. <Link to="/cart">View cart</Link>
        </Notice>
      ) : null}
      {add.error && !fieldIssues(add.error).quantity ? <ErrorNotice error={add.error} service="cart" /> : null}
    </Page>
  );
}
