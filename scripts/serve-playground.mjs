// Serves the header playground on localhost: `npm run playground` builds the package, then runs
// this. The page at / is playground/index.html; it imports the ESM build from /dist/.
// PORT sets the port (default 8080; 0 picks a free one).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}dist/index.js`)) {
  console.error('dist/index.js is missing: run `npm run build` first (npm run playground does).');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 8080);
const server = await startStaticServer({
  port,
  routes: [
    { prefix: '/', dir: `${root}playground` },
    { prefix: '/dist/', dir: `${root}dist` },
  ],
});
console.log(`tcp-header playground: ${server.url}/  (Ctrl+C stops it)`);
