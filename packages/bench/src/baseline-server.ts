// The baseline: a bare node:http server answering one fixed JSON body (a product, shaped as tRPC sends
// it), so every service is measured against what this machine and Node can do with no framework at all.
import { createServer } from 'node:http';

const body = JSON.stringify({
  result: {
    data: {
      id: 'p009',
      sku: 'BOO-0009',
      name: 'Cooking for Two',
      description: 'Weeknight recipes for small kitchens.',
      category: 'books',
      priceCents: 2499,
      currency: 'USD',
      stock: 10000,
    },
  },
});
const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };

const server = createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
