import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { queryClient } from './api/client.js';
import { Layout } from './components/Layout.js';
import { Link } from './components/Link.js';
import { Page } from './components/Page.js';
import { LoginPage, RegisterPage } from './pages/AccountPages.js';
import { CartPage } from './pages/CartPage.js';
import { CatalogPage } from './pages/CatalogPage.js';
import { CheckoutPage } from './pages/CheckoutPage.js';
import { OrderPage } from './pages/OrderPage.js';
import { OrdersPage } from './pages/OrdersPage.js';
import { ProductPage } from './pages/ProductPage.js';
import { ProtectedRoute } from './ProtectedRoute.js';
import { useLocation, type Location } from './routing.js';

/** The page for a path; the server knows the same paths (page-paths.ts). */
function pageFor(location: Location): ReactNode {
  const { path, query } = location;
  const product = /^\/products\/([^/]+)$/.exec(path);
  const order = /^\/orders\/([^/]+)$/.exec(path);
  if (path === '/') return <CatalogPage location={location} />;
  if (product?.[1]) return <ProductPage key={product[1]} id={decodeURIComponent(product[1])} />;
  if (path === '/login') return <LoginPage next={query.get('next')} expired={query.get('expired') === '1'} />;
  if (path === '/register') return <RegisterPage next={query.get('next')} />;
  if (path === '/cart') return <ProtectedRoute><CartPage /></ProtectedRoute>;
  if (path === '/checkout') return <ProtectedRoute><CheckoutPage /></ProtectedRoute>;
  if (path === '/orders') return <ProtectedRoute><OrdersPage /></ProtectedRoute>;
  if (order?.[1]) return <ProtectedRoute><OrderPage key={order[1]} id={decodeURIComponent(order[1])} placed={query.get('placed') === '1'} /></ProtectedRoute>;
  return (
    <Page title="Page not found">
      <p>
        There is nothing here. <Link to="/">Back to the catalog</Link>
      </p>
    </Page>
  );
}

export function App() {
  const location = useLocation();
  useEffect(() => {
    // A block, not an expression: newer browsers' scrollTo returns a promise, which React would take for a cleanup.
    window.scrollTo(0, 0);
  }, [location.path]);
  return (
    <QueryClientProvider client={queryClient}>
      <Layout>{pageFor(location)}</Layout>
    </QueryClientProvider>
  );
}
