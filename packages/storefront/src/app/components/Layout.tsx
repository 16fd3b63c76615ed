import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { trpc } from '../api/client.js';
import { navigate } from '../routing.js';
import { session, useSession } from '../session.js';
import { Link } from './Link.js';

function CartLink() {
  const { data } = useQuery(trpc.cart.get.queryOptions(undefined, { enabled: Boolean(useSession()) }));
  const count = data?.items.reduce((sum, item) => sum + item.quantity, 0) ?? 0;
  return (
    <Link to="/cart" aria-label={`Cart, ${count} ${count === 1 ? 'item' : 'items'}`}>
      Cart <span className="badge">{count}</span>
    </Link>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const current = useSession();
  const queryClient = useQueryClient();
  const logOut = () => {
    session.end();
    queryClient.clear();
    navigate('/');
  };
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          shop
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link to="/">Catalog</Link>
            </li>
            {current ? (
              <>
                <li>
                  <CartLink />
                </li>
                <li>
                  <Link to="/orders">Orders</Link>
                </li>
                <li className="who">Signed in as {current.user.name}</li>
                <li>
                  <button type="button" onClick={logOut}>
                    Log out
                  </button>
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link to="/login">Log in</Link>
                </li>
                <li>
                  <Link to="/register">Register</Link>
                </li>
              </>
            )}
          </ul>
        </nav>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
