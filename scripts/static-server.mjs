// A tiny static file server for localhost: the playground (`npm run playground`) and the browser
// tests use it. Each route maps a URL prefix to a folder; the longest matching prefix wins. Only GET
// and HEAD, no directory listings, nothing outside the mapped folders.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

function fileFor(routes, pathname) {
  for (const { prefix, dir } of routes) {
    if (!pathname.startsWith(prefix)) continue;
    const root = resolve(dir);
    let file = resolve(join(root, pathname.slice(prefix.length)));
    if (file !== root && !file.startsWith(root + sep)) return undefined;
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      if (statSync(file).isFile()) return file;
    } catch {
      // not found under this route; try the next
    }
  }
  return undefined;
}

/**
 * Starts the server and resolves once it listens.
 * @param {{ routes: { prefix: string, dir: string }[], port?: number, host?: string }} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function startStaticServer({ routes, port = 0, host = '127.0.0.1' }) {
  const sorted = [...routes].sort((a, b) => b.prefix.length - a.prefix.length);
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const file =
      request.method === 'GET' || request.method === 'HEAD'
        ? fileFor(sorted, decodeURIComponent(pathname))
        : undefined;
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const url = `http://${host}:${typeof address === 'object' && address !== null ? address.port : port}`;
      resolvePromise({ url, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
