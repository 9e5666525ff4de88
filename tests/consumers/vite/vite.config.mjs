// A minimal Vite 7 build of a page that uses jinlin (scripts/test.sh builds it; the browser
// test opens dist/index.html). `base: './'` so the page works from any folder.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true },
});
