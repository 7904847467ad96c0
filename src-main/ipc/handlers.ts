/**
 * The contract's handlers: each invoke channel mapped onto the lab host. Requests crossed a process
 * boundary, so anything a handler relies on is checked here.
 */
import type { AppInfo, ContractHandlers, ObjectRef } from '../../src-shared/ipc';
import { OBJECT_KINDS } from '../../src-shared/ipc';
import { applyYaml, deleteObject, objectYaml } from '../lab/apply-yaml';
import { availableDrivers } from '../lab/drivers';
import type { LabHost } from '../lab/lab-host';

export function createHandlers(host: LabHost, info: AppInfo): ContractHandlers {
  return {
    app: { info: () => info },
    cluster: {
      drivers: () => availableDrivers(),
      create: (spec) => host.create(spec),
      stop: () => host.stop(),
      status: () => host.getStatus(),
    },
    objects: {
      snapshot: () => host.objectsSnapshot(),
      yaml: (ref) => objectYaml(host.api(), checkRef(ref)),
      apply: (req) => applyYaml(host.api(), String(req?.yaml ?? '')),
      delete: (ref) => deleteObject(host.api(), checkRef(ref)),
    },
    traces: {
      recent: (req) => host.traces.recent(req?.limit),
      sequences: () => host.traces.sequences(),
    },
    faults: {
      catalogue: () => host.faults.catalogue(),
      apply: (req) => {
        if (!req?.kind) throw new Error('a fault needs a kind');
        req = { ...req, target: String(req.target ?? '') };
        return host.faults.apply(req);
      },
      revert: (req) => host.faults.revert(String(req?.id)),
      revertAll: () => host.faults.revertAll(),
      state: () => host.faults.state(),
    },
    terminals: {
      list: () => host.terminals.list(),
      open: (req) => host.terminals.open(req ?? {}),
      attach: (req) => host.terminals.attach(String(req?.id)),
      write: (req) => host.terminals.write(String(req?.id), String(req?.data ?? '')),
      resize: (req) => host.terminals.resize(String(req?.id), req?.cols, req?.rows),
      close: (req) => host.terminals.close(String(req?.id)),
    },
    settings: {
      get: () => host.settings.get(),
      update: (patch) => host.settings.update(patch ?? {}),
      notices: () => host.settings.notices(),
    },
  };
}

function checkRef(ref: ObjectRef): ObjectRef {
  if (!ref || !OBJECT_KINDS.includes(ref.kind) || typeof ref.name !== 'string' || !ref.name) {
    throw new Error('expected { kind, name, namespace? } of a known kind');
  }
  return ref;
}
