// `npm test`: runs every vitest project and ends with the line "N passed, N failed".
// Extra arguments go to vitest (e.g. `npm test -- test/unit/store`).
import { spawnSync } from 'node:child_process';

const r = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
