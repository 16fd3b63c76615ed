// A shopper in a real browser (Debian's Chromium) on the storefront bundle, against the four real services
// on fresh databases: every page is checked by axe-core and saved as a screenshot.
import type { ServiceProcess } from '@shop/kit/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_HOOK_TIMEOUT_MS, SHOP_TEST_TIMEOUT_MS, setStock, startShop, type Shop } from '../../order/test/support/shop.js';
import { launchBrowser, screenshot, seriousViolations, type AxeViolation } from './support/browser.js';
import { startStorefront } from './support/storefront.js';

describe('the storefront in a browser', () => {
  let shop: Shop;
  let front: ServiceProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const violations: { page: string; violation: AxeViolation }[] = [];
  const visited = new Set<string>();

  beforeAll(async () => {
    [shop, browser] = await Promise.all([startShop('storefront'), launchBrowser()]);
    front = await startStorefront(shop);
  }, SHOP_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await front?.stop();
    await shop?.close();
  }, SHOP_HOOK_TIMEOUT_MS);

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: front.url, viewport: { width: 1000, height: 700 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    // A script error in the page fails nothing by itself: print it so a timeout that follows is explained.
    page.on('pageerror', (err) => console.error(`page error: ${err.stack ?? err.message}`));
    return page;
  }

  /** Checks the page with axe-core and screenshots it, once per page name. */
  async function inspect(page: Page, name: string): Promise<void> {
    await page.locator('h1').first().waitFor();
    if (visited.has(name)) return;
    visited.add(name);
    for (const violation of await seriousViolations(page)) violations.push({ page: name, violation });
    await screenshot(page, name);
  }

  async function register(page: Page, name: string): Promise<string> {
    const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(16).slice(2, 8)}@example.com`;
    await page.goto('/register');
    await inspect(page, 'register');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^Password/).fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    const signedIn = page.getByText(`Signed in as ${name}`);
    await signedIn.or(page.getByRole('alert')).first().waitFor();
    if (!(await signedIn.isVisible())) throw new Error(`registration failed: ${await page.getByRole('alert').textContent()}`);
    return email;
  }

  async function addToCart(page: Page, productName: string, quantity = 1): Promise<void> {
    await page.getByRole('link', { name: productName }).click();
    await page.getByRole('heading', { level: 1, name: productName }).waitFor();
    await inspect(page, 'product');
    await page.getByLabel('Quantity').fill(String(quantity));
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();
  }

  const stockOnPage = async (page: Page, id: string) => {
    await page.goto(`/products/${id}`);
    const text = (await page.getByTestId('stock').textContent()) ?? '';
    return Number(/(\d+) in stock/.exec(text)?.[1] ?? 0);
  };

  /** The signed-in user's token, read from the tab's session storage. */
  const tokenOf = (page: Page) => page.evaluate(() => (JSON.parse(sessionStorage.getItem('shop.session') ?? '{}') as { token?: string }).token ?? '');

  it('a new user registers, searches, adds two products, changes a quantity, checks out and sees the order; stock went down; the browser started the trace', async () => {
    const page = await newPage();
    await page.goto('/');
    await page.getByRole('list', { name: 'Products' }).waitFor();
    await inspect(page, 'catalog');
    await register(page, 'Ada');

    const before = await stockOnPage(page, 'p003');
    await page.goto('/');
    await page.getByLabel('Search products').fill('keyboard');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Products' }).getByRole('listitem').count()).toBe(1);
    await addToCart(page, 'Mechanical Keyboard');

    await page.getByRole('link', { name: 'Catalog' }).click();
    await page.getByLabel('Category').selectOption('books');
    await expect.poll(async () => (await page.locator('.product-card .category').allTextContents()).every((c) => c === 'books')).toBe(true);
    await addToCart(page, 'Cooking for Two');

    await page.getByRole('link', { name: /^Cart/ }).click();
    await page.getByRole('table').waitFor();
    await inspect(page, 'cart');
    await page.getByLabel('Quantity of Mechanical Keyboard').fill('3');
    await page.getByRole('row', { name: /Mechanical Keyboard/ }).getByRole('button', { name: 'Update' }).click();
    // The total is the server's: 3 × $89.99 + $24.99.
    await expect.poll(() => page.locator('.total').textContent()).toContain('$294.96');

    await page.getByRole('link', { name: 'Check out' }).click();
    await page.getByRole('button', { name: 'Place order' }).waitFor();
    await inspect(page, 'checkout');
    const placing = page.waitForRequest((r) => r.url().includes('/trpc/order.create'));
    await page.getByRole('button', { name: 'Place order' }).click();
    // The browser started the trace: the order service (and those it called) logged its trace id.
    const traceId = /^00-([0-9a-f]{32})-[0-9a-f]{16}-01$/.exec((await placing).headers().traceparent ?? '')?.[1];
    expect(traceId).toBeDefined();
    await page.getByRole('heading', { level: 1, name: 'Thank you for your order' }).waitFor();
    await expect.poll(() => page.locator('.status').textContent()).toBe('CONFIRMED');
    await inspect(page, 'order');
    const orderId = /\/orders\/([^?]+)/.exec(page.url())?.[1] ?? '';

    await page.getByRole('link', { name: 'All your orders' }).click();
    await page.getByRole('link', { name: orderId }).waitFor();
    await inspect(page, 'orders');
    await expect.poll(() => page.getByRole('link', { name: /^Cart/ }).textContent()).toBe('Cart 0');

    expect(await stockOnPage(page, 'p003')).toBe(before - 3);
    const traced = shop.logs().split('\n').filter((l) => l.includes(`"trace_id":"${traceId}"`));
    expect(traced.some((l) => l.includes('order.create')), 'order logged the browser trace').toBe(true);
    expect(traced.some((l) => l.includes('product.reserve')), 'product logged the same trace').toBe(true);
  }, SHOP_TEST_TIMEOUT_MS);

  it('another user in a second browser context sees none of the first user’s cart; removing a line empties it', async () => {
    const first = await newPage();
    await register(first, 'Bea');
    await first.goto('/products/p001');
    await first.getByRole('button', { name: 'Add to cart' }).click();
    await first.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();

    const second = await newPage();
    await second.goto('/cart');
    await second.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await inspect(second, 'login');
    await register(second, 'Cy');
    await second.goto('/cart');
    await second.getByText('Your cart is empty').waitFor();
    expect(await second.getByText('Wireless Earbuds').count()).toBe(0);

    // And the first removes the line: the server's answer is the cart shown.
    await first.goto('/cart');
    await first.getByRole('button', { name: 'Remove Wireless Earbuds' }).click();
    await first.getByText('Your cart is empty').waitFor();
  }, SHOP_TEST_TIMEOUT_MS);

  it('a double click on "Place order" places one order', async () => {
    const page = await newPage();
    await register(page, 'Dee');
    await page.goto('/products/p004');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();
    await page.goto('/checkout');
    await page.getByRole('button', { name: 'Place order' }).dblclick();
    await page.getByRole('heading', { level: 1, name: 'Thank you for your order' }).waitFor();
    const orders = await shop.clients(await tokenOf(page)).order.order.list.query({});
    expect(orders.items).toHaveLength(1);
  }, SHOP_TEST_TIMEOUT_MS);

  it('an out-of-stock checkout names the product that is short', async () => {
    const page = await newPage();
    await register(page, 'Eve');
    await page.goto('/products/p010');
    await page.getByLabel('Quantity').fill('3');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();
    await setStock(shop, 'p010', 1);
    await page.goto('/checkout');
    await page.getByRole('button', { name: 'Place order' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Not enough stock' });
    await expect.poll(() => alert.textContent()).toContain('Mountain Trails Atlas: only 1 left, 3 in your cart');
    await screenshot(page, 'checkout-out-of-stock');
    expect((await shop.clients(await tokenOf(page)).order.order.list.query({})).items.map((o) => o.status)).toEqual(['FAILED']);
  }, SHOP_TEST_TIMEOUT_MS);

  it('a reload keeps the session and the cart; an expired token asks to log in and the cart is still there', async () => {
    const page = await newPage();
    const email = await register(page, 'Fay');
    await page.goto('/products/p006');
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();
    await page.goto('/cart');
    await page.reload();
    await page.getByText('Signed in as Fay').waitFor();
    await expect.poll(() => page.getByLabel('Quantity of Smart Plug').inputValue()).toBe('2');

    // A token the user service no longer accepts (as after it expired): the next call is refused.
    await page.evaluate(() => {
      const stored = JSON.parse(sessionStorage.getItem('shop.session') ?? '{}') as { token: string };
      sessionStorage.setItem('shop.session', JSON.stringify({ ...stored, token: `${stored.token.slice(0, -4)}AAAA` }));
    });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await page.getByText('Your session has expired').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    await expect.poll(() => page.getByLabel('Quantity of Smart Plug').inputValue()).toBe('2');
  }, SHOP_TEST_TIMEOUT_MS);

  it('shows the services’ zod messages next to the fields they concern', async () => {
    const page = await newPage();
    await page.goto('/register');
    await page.getByLabel('Name').fill('Gus');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel(/^Password/).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    const password = page.getByLabel(/^Password/);
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('Password must be at least 8 characters');
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBeNull();
    await screenshot(page, 'register-invalid');
  }, SHOP_TEST_TIMEOUT_MS);

  it('says which service is unavailable when one is down, and recovers when it is back', async () => {
    const page = await newPage();
    await register(page, 'Hal');
    await shop.stop('cart');
    try {
      await page.goto('/cart');
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain('The cart service is unavailable right now');
      await screenshot(page, 'cart-unavailable');
    } finally {
      await shop.restart('cart');
    }
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('Your cart is empty').waitFor();
  }, SHOP_TEST_TIMEOUT_MS);

  it('works from the keyboard, with the focus always visible and each new page read from its heading', async () => {
    const page = await newPage();
    await page.goto('/');
    await page.getByRole('list', { name: 'Products' }).waitFor();
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const style = el ? getComputedStyle(el) : null;
      return { tag: el?.tagName, text: el?.textContent?.trim(), outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '' };
    });
    // The page starts at its heading, so the first Tab goes on into its content: the search field.
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'INPUT', outline: 'solid 3px' });
    expect(await page.getByLabel('Search products').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('webcam');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('list', { name: 'Products' }).getByRole('listitem').count()).toBe(1);
    await page.getByRole('link', { name: '4K Webcam' }).focus();
    expect((await focused()).outline).toBe('solid 3px');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '4K Webcam' }).waitFor();
    await expect.poll(async () => (await focused()).tag).toBe('H1');
  }, SHOP_TEST_TIMEOUT_MS);

  it('axe-core finds no serious or critical violation on any page', () => {
    expect([...visited].sort()).toEqual(['cart', 'catalog', 'checkout', 'login', 'order', 'orders', 'product', 'register']);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });
});
