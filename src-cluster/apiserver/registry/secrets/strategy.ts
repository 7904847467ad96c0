/**
 * Secret policy: stringData is a write-only convenience — its entries are base64-encoded into data
 * (overriding data's keys) and stringData itself is never stored.
 */
import type { KubeObject } from '../../../api/object';
import { DefaultStrategy, type StrategyContext } from '../strategy';

function foldStringData(obj: KubeObject): void {
  const sd = obj.stringData;
  if (sd && typeof sd === 'object') {
    const data = { ...((obj.data as Record<string, string> | undefined) ?? {}) };
    for (const [k, v] of Object.entries(sd as Record<string, unknown>)) {
      data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    }
    obj.data = data;
  }
  delete obj.stringData;
}

export class SecretStrategy extends DefaultStrategy {
  override prepareForCreate(obj: KubeObject, ctx: StrategyContext): void {
    super.prepareForCreate(obj, ctx);
    foldStringData(obj);
  }

  override prepareForUpdate(obj: KubeObject, old: KubeObject, subresource: string | undefined) {
    super.prepareForUpdate(obj, old, subresource);
    foldStringData(obj);
  }
}
