/** Turns a `--store` flag (`sqlite:<file>`, `etcd:<url,url,…>`, `memory:`) into a Store. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from '../store/store';
import { SqliteStore } from '../store/sqlite/sqlite-store';
import { EtcdStore } from '../store/etcd/etcd-store';
import { MemoryStore } from '../store/memory/memory-store';
import { FlagError } from './flags';

export async function openStore(spec: string): Promise<Store> {
  const colon = spec.indexOf(':');
  const kind = colon === -1 ? spec : spec.slice(0, colon);
  const rest = colon === -1 ? '' : spec.slice(colon + 1);
  switch (kind) {
    case 'sqlite': {
      if (!rest) throw new FlagError('--store sqlite:<file> needs a file path');
      if (rest !== ':memory:') mkdirSync(dirname(rest), { recursive: true });
      return SqliteStore.open(rest);
    }
    case 'etcd': {
      const endpoints = rest.split(',').filter(Boolean);
      if (endpoints.length === 0)
        throw new FlagError('--store etcd:<url,url,…> needs at least one URL');
      return EtcdStore.connect(endpoints);
    }
    case 'memory':
      return new MemoryStore();
    default:
      throw new FlagError(
        `--store must be sqlite:<file>, etcd:<url,url,…> or memory:, got "${spec}"`,
      );
  }
}
