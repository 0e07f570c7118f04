// Bundles the page's script and styles (src/main.js and what it imports, xterm.js included) into
// <output>/assets, which the Maven build puts into the WAR beside src/main/webapp. Nothing is
// fetched when the page runs. Usage: node build.mjs <output directory>
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';

const output = process.argv[2];
if (!output) {
  console.error('usage: node build.mjs <output directory>');
  process.exit(2);
}
const assets = path.join(output, 'assets');

const result = await esbuild.build({
  entryPoints: { app: 'src/main.js' },
  bundle: true,
  minify: true,
  format: 'esm',
  // Chrome, Firefox and Safari of about the last two years.
  target: ['chrome115', 'firefox115', 'safari16.4'],
  outdir: assets,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

// The bundled libraries' licences travel with them, in one file next to the bundle.
const bundled = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match) {
    bundled.add(match[1]);
  }
}
const notices = [];
for (const name of [...bundled].sort()) {
  const manifest = JSON.parse(await readFile(`node_modules/${name}/package.json`, 'utf8'));
  const licence = await readFile(`node_modules/${name}/LICENSE`, 'utf8');
  notices.push(`${name} ${manifest.version} (${manifest.license})\n\n${licence.trim()}\n`);
}
await mkdir(assets, { recursive: true });
await writeFile(path.join(assets, 'third-party-licenses.txt'), notices.join('\n' + '-'.repeat(72) + '\n\n'));

for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  console.log(`${path.relative(output, file)}: ${(bytes / 1024).toFixed(1)} KiB`);
}
