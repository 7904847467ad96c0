/**
 * Mutating admission, run on create after defaults and before validation, in upstream's order.
 * Each plugin is a pure function of the object.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { defaultServiceAccount } from './service-account';
import { addDefaultTolerations } from './default-toleration-seconds';

export function mutateOnCreate(info: ResourceInfo, obj: KubeObject): void {
  if (info.group === '' && info.kind === 'Pod') {
    defaultServiceAccount(obj as Pod);
    addDefaultTolerations(obj as Pod);
  }
}
