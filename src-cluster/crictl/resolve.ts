/**
 * Short ids, as crictl users type them: containerd accepts any unique prefix of a container or
 * sandbox id (and of an image id), so `crictl inspect 3f2a` works with the 13 characters `ps`
 * prints or fewer. kubelab resolves prefixes itself, from a listing, so the error says what
 * matched: an exact id wins, one prefix match is taken, none is "not found", several is ambiguous.
 */
import type { ImageService } from '../kubelet/cri/image-service';
import type { RuntimeService } from '../kubelet/cri/runtime-service';

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export function resolvePrefix(kind: string, prefix: string, ids: string[]): string {
  if (!prefix) throw new Error(`${kind} ID cannot be empty`);
  if (ids.includes(prefix)) return prefix;
  const matches = ids.filter((id) => id.startsWith(prefix));
  if (matches.length === 1) return matches[0]!;
  if (!matches.length) throw new NotFoundError(`${kind} "${prefix}" not found`);
  const shown = matches.slice(0, 5).map((m) => m.slice(0, 13));
  throw new Error(
    `ambiguous ${kind} ID prefix "${prefix}": matches ${matches.length} ${kind}s ` +
      `(${shown.join(', ')}${matches.length > 5 ? ', …' : ''}); type more of the ID`,
  );
}

export async function resolveContainerId(rt: RuntimeService, prefix: string): Promise<string> {
  const { containers } = await rt.listContainers({});
  return resolvePrefix(
    'container',
    prefix,
    containers.map((c) => c.id),
  );
}

export async function resolvePodId(rt: RuntimeService, prefix: string): Promise<string> {
  const { items } = await rt.listPodSandbox({});
  return resolvePrefix(
    'pod sandbox',
    prefix,
    items.map((p) => p.id),
  );
}

/**
 * A list filter's id (`ps --pod`, `ps --id`, `pods --id`): a unique prefix becomes the id; an
 * unknown one stays as typed and so matches nothing, as containerd's filters behave.
 */
export async function resolveFilterId(
  kind: 'container' | 'pod sandbox',
  rt: RuntimeService,
  prefix: string,
): Promise<string | undefined> {
  if (!prefix) return undefined;
  try {
    return kind === 'container'
      ? await resolveContainerId(rt, prefix)
      : await resolvePodId(rt, prefix);
  } catch (e) {
    if (e instanceof NotFoundError) return prefix;
    throw e;
  }
}

/**
 * An image reference or id as `inspecti`/`rmi` take it: whatever containerd resolves itself (a
 * reference, a full id), else a unique prefix of an image id, with or without "sha256:".
 */
export async function resolveImage(img: ImageService, ref: string): Promise<string> {
  if ((await img.imageStatus({ image: { image: ref } })).image) return ref;
  const hex = ref.replace(/^sha256:/, '');
  if (!/^[a-f0-9]+$/.test(hex)) throw new NotFoundError(`no such image "${ref}" present`);
  const { images } = await img.listImages({});
  const ids = images.map((i) => i.id).filter((id) => id.startsWith('sha256:'));
  try {
    return resolvePrefix('image', `sha256:${hex}`, ids);
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError(`no such image "${ref}" present`);
    throw e;
  }
}
