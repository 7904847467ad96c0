// Type-checks each source area with its own tsconfig, so an area cannot use globals it must not
// see (Node in src-shared, DOM in src-cluster). The renderer goes through vue-tsc for .vue files.
import { spawnSync } from 'node:child_process';

const projects = [
  ['tsc', 'src-shared'],
  ['tsc', 'src-cluster'],
  ['tsc', 'src-main'],
  ['tsc', 'src-preload'],
  ['vue-tsc', 'src-renderer'],
  ['tsc', 'test'],
];
let failed = 0;
for (const [bin, dir] of projects) {
  const r = spawnSync('npx', [bin, '--noEmit', '-p', `${dir}/tsconfig.json`], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`typecheck failed in ${dir}`);
  }
}
process.exit(failed ? 1 : 0);
