#!/usr/bin/env node
// Compiles the server for `npm start`: one ESM bundle, apps/server/dist/main.js, of the server's
// own TypeScript and the workspace packages (@lianxin/shared, @lianxin/tally); npm packages stay
// imports resolved from node_modules at run time. Each migration becomes its own file in
// apps/server/dist/migrations/, as the migrator reads a folder. Development and the tests keep
// running the TypeScript through tsx (apps/server/bin/serve.js); nothing else reads dist/.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const server = path.join(root, 'apps/server');
const out = path.join(server, 'dist');

/**
 * npm packages stay external; `import.meta.dirname` in a source file becomes that file's own
 * folder (relative to the bundle, so the build can move with the checkout), since code such as
 * the demo seed reads files that live beside its source.
 */
const plugin = {
  name: 'lianxin-server',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@lianxin/') || args.path.startsWith('node:') ? undefined : { path: args.path, external: true },
    );
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      let contents = await fs.promises.readFile(args.path, 'utf8');
      if (contents.includes('import.meta.dirname')) {
        const rel = path.relative(out, path.dirname(args.path)).split(path.sep).join('/');
        contents = contents.replaceAll(
          'import.meta.dirname',
          `decodeURIComponent(new URL(${JSON.stringify(`${rel}/`)}, import.meta.url).pathname).replace(/\\/$/, '')`,
        );
      }
      return { contents, loader: 'ts' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [plugin],
  // Bundled CommonJS dependencies of the workspace packages may call require().
  banner: { js: "import { createRequire as __lxRequire } from 'node:module'; const require = __lxRequire(import.meta.url);" },
};

const started = performance.now();
fs.rmSync(out, { recursive: true, force: true });
const migrationsDir = path.join(server, 'src/db/migrations');
const migrations = fs
  .readdirSync(migrationsDir)
  .filter((f) => /^\d{4}-\d{2}-\d{2}T\d{4}-.+\.ts$/.test(f))
  .map((f) => path.join(migrationsDir, f));
await Promise.all([
  build({ ...common, entryPoints: [path.join(server, 'src/main.ts')], outfile: path.join(out, 'main.js') }),
  build({ ...common, entryPoints: migrations, outdir: path.join(out, 'migrations'), sourcemap: false }),
]);
console.log(`server built in ${Math.round(performance.now() - started)} ms: ${path.relative(root, out)}/main.js`);
