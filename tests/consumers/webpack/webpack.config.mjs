// A minimal webpack 5 build of a page that uses jinlin (scripts/test.sh builds it; the browser
// test opens dist/index.html). The package's `new URL('….wasm', import.meta.url)` becomes an
// emitted asset; nothing else is configured.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
export default {
  mode: 'production',
  context: here,
  entry: './main.js',
  output: { path: resolve(here, 'dist'), filename: 'main.js', publicPath: 'auto', clean: true },
  performance: { hints: false },
  stats: 'errors-warnings',
};
