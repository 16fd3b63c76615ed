// The app's pages, known to the server too: it answers them with index.html (200) and any other path
// with index.html as a 404, so a mistyped probe or link is a real 404 while the app still shows a page.
// Keep in step with App.tsx's pageFor.
const PAGES = [/^\/$/, /^\/products\/[^/]+$/, /^\/login$/, /^\/register$/, /^\/cart$/, /^\/checkout$/, /^\/orders$/, /^\/orders\/[^/]+$/];

export function isPagePath(pathname: string): boolean {
  return PAGES.some((page) => page.test(pathname));
}
