// A tiny static file server for the built site, on loopback only. It serves
// `dist/` under a public path (as GitHub Pages serves a project site under
// /<repo>/), so the tests prove the site works under a sub-path.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export async function serveDist({ dir = 'dist', publicUrl = '/' } = {}) {
  const root = resolve(dir);
  const prefix = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  // Every path asked for, in order (what a worker fetches does not show in
  // Playwright's network events).
  const served = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    served.push(path);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('not under the public path');
      return;
    }
    let file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    served,
    close: () => new Promise((ok) => server.close(ok)),
  };
}
