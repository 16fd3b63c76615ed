import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { trpc } from '../api/client.js';
import { Link } from '../components/Link.js';
import { Money } from '../components/Money.js';
import { ErrorNotice } from '../components/Notice.js';
import { Page } from '../components/Page.js';
import { navigate, withQuery, type Location } from '../routing.js';

const PAGE_SIZE = 12;

/** The categories to filter by: those of the first hundred products (the catalog has no category list). */
function useCategories(selected: string | undefined): string[] {
  const { data } = useQuery({ ...trpc.product.list.queryOptions({ limit: 100 }), staleTime: 5 * 60_000 });
  const names = new Set((data?.items ?? []).map((p) => p.category));
  if (selected) names.add(selected);
  return [...names].sort();
}

export function CatalogPage({ location }: { location: Location }) {
  const { query, path } = location;
  const category = query.get('category') ?? undefined;
  const search = query.get('search') ?? undefined;
  const cursor = query.get('cursor') ?? undefined;
  const categories = useCategories(category);
  const [draft, setDraft] = useState(search ?? '');
  const list = useQuery({ ...trpc.product.list.queryOptions({ category, search, cursor, limit: PAGE_SIZE }), placeholderData: keepPreviousData });

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    navigate(withQuery(path, query, { search: draft.trim(), cursor: undefined }));
  };

  return (
    <Page title="Catalog">
      <form className="filters" role="search" onSubmit={onSearch}>
        <div className="field">
          <label htmlFor="search">Search products</label>
          <input id="search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={200} />
        </div>
        <button type="submit">Search</button>
        <div className="field">
          <label htmlFor="category">Category</label>
          <select id="category" value={category ?? ''} onChange={(e) => navigate(withQuery(path, query, { category: e.target.value, cursor: undefined }))}>
            <option value="">All categories</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      </form>

      {list.error ? <ErrorNotice error={list.error} service="product" retry={() => void list.refetch()} /> : null}
      {list.isPending ? <p role="status">Loading products…</p> : null}
      {list.data && list.data.items.length === 0 ? <p role="status">No products match{search ? ` “${search}”` : ''}.</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <ul className="products" aria-label="Products">
          {list.data.items.map((product) => (
            <li key={product.id} className="product-card">
              <h2>
                <Link to={`/products/${encodeURIComponent(product.id)}`}>{product.name}</Link>
              </h2>
              <p className="category">{product.category}</p>
              <p>
                <Money cents={product.priceCents} currency={product.currency} />
              </p>
              <p className={product.stock > 0 ? 'stock' : 'stock out'}>{product.stock > 0 ? `${product.stock} in stock` : 'Out of stock'}</p>
            </li>
          ))}
        </ul>
      ) : null}
      <nav className="pager" aria-label="Pages">
        {cursor ? <Link to={withQuery(path, query, { cursor: undefined })}>First page</Link> : null}
        {list.data?.nextCursor ? <Link to={withQuery(path, query, { cursor: list.data.nextCursor })}>Next page</Link> : null}
      </nav>
    </Page>
  );
}
