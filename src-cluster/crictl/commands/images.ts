/**
 * `crictl images [REPOSITORY[:TAG]]`: IMAGE TAG IMAGE ID SIZE, one row per tag, sorted by first
 * tag; --digests adds DIGEST, --pinned adds PINNED; ids and digests lose "sha256:" and are cut to 13
 * characters unless --no-trunc; sizes in decimal units with three significant digits. -q prints
 * full image ids, -o json|yaml the ListImages response.
 */
import type { Subcommand } from '../command';
import { truncateId } from '../ids';
import { FIELD_ORDER, goYaml, listFormat, protoJson } from '../json-output';
import { humanSize } from '../size';
import { formatTable } from '../table';
import type { Image } from '../../kubelet/cri/image-service';

const NONE = '<none>';

/** crictl's order: by first tag, else first digest, else id. */
export function sortImages(images: Image[]): Image[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...images].sort((a, b) => {
    if (a.repoTags.length && b.repoTags.length) return cmp(a.repoTags[0]!, b.repoTags[0]!);
    if (a.repoDigests.length && b.repoDigests.length)
      return cmp(a.repoDigests[0]!, b.repoDigests[0]!);
    return cmp(a.id, b.id);
  });
}

/** [repository, digest] of the first repo digest ("<none>" for both when there is none). */
function repoDigest(digests: string[]): [string, string] {
  if (!digests.length) return [NONE, NONE];
  const pair = digests[0]!.split('@');
  return pair.length === 2 ? [pair[0]!, pair[1]!] : ['errorName', 'errorRepoDigest'];
}

/** [repository, tag] per tag; an untagged image shows its digest's repository and "<none>". */
function repoTagPairs(tags: string[], imageName: string): [string, string][] {
  if (!tags.length) return [[imageName, NONE]];
  return tags.map((t) => {
    const i = t.lastIndexOf(':');
    if (i === -1) return ['errorRepoTag', 'errorRepoTag'];
    const name = t.slice(0, i);
    return [name === NONE ? imageName : name, t.slice(i + 1)];
  });
}

/**
 * The REPOSITORY[:TAG] argument. containerd 1.6 ignores ListImages' filter, so it is applied here
 * too: a tag, a repository (any tag), or an image id (or its unique start) selects the image.
 */
export function matchesRef(img: Image, ref: string): boolean {
  if (!ref) return true;
  const hex = ref.replace(/^sha256:/, '');
  return (
    img.repoTags.some((t) => t === ref || t.slice(0, t.lastIndexOf(':')) === ref) ||
    img.repoDigests.includes(ref) ||
    (/^[a-f0-9]+$/.test(hex) && img.id.replace(/^sha256:/, '').startsWith(hex))
  );
}

export interface ImagesTableOptions {
  digests?: boolean;
  pinned?: boolean;
  noTrunc?: boolean;
}

export function imagesTable(images: Image[], o: ImagesTableOptions = {}): string {
  const header = ['IMAGE', 'TAG', ...(o.digests ? ['DIGEST'] : []), 'IMAGE ID', 'SIZE'];
  if (o.pinned) header.push('PINNED');
  const rows: string[][] = [header];
  for (const img of images) {
    const [name, digest] = repoDigest(img.repoDigests);
    const id = o.noTrunc ? img.id : truncateId(img.id, 'sha256:');
    const shownDigest = o.noTrunc ? digest : truncateId(digest, 'sha256:');
    const size = humanSize(Number(img.size), 3);
    for (const [repo, tag] of repoTagPairs(img.repoTags, name)) {
      const row = [repo, tag, ...(o.digests ? [shownDigest] : []), id, size];
      if (o.pinned) row.push(String(Boolean(img.pinned)));
      rows.push(row);
    }
  }
  return formatTable(rows);
}

export function imagesVerbose(images: Image[]): string {
  return images
    .map((img) => {
      const extra = img as Image & { uid?: { value: string } | null; username?: string };
      return (
        `ID: ${img.id}\n` +
        img.repoTags.map((t) => `RepoTags: ${t}\n`).join('') +
        img.repoDigests.map((d) => `RepoDigests: ${d}\n`).join('') +
        (Number(img.size) ? `Size: ${img.size}\n` : '') +
        (extra.uid ? `Uid: value:${extra.uid.value}\n` : '') +
        (extra.username ? `Username: ${extra.username}\n` : '') +
        (img.pinned ? `Pinned: true\n` : '') +
        '\n'
      );
    })
    .join('');
}

export const images: Subcommand = {
  name: 'images',
  aliases: ['image', 'img'],
  summary: 'List images',
  argsUsage: '[REPOSITORY[:TAG]]',
  opts: [
    { name: 'verbose', short: 'v', kind: 'bool', help: 'show verbose info for images' },
    { name: 'quiet', short: 'q', kind: 'bool', help: 'only show image IDs' },
    { name: 'output', short: 'o', kind: 'string', help: 'output format, one of: json|yaml|table' },
    { name: 'digests', kind: 'bool', help: 'show digests' },
    { name: 'no-trunc', kind: 'bool', help: 'show output without truncating the ID' },
    { name: 'pinned', kind: 'bool', help: 'show whether the image is pinned or not' },
  ],
  async run({ client, io }, a) {
    if (a.positional.length > 1) throw new Error('images takes at most one REPOSITORY[:TAG]');
    const format = listFormat(a.string('output'));
    const ref = a.positional[0] ?? '';
    const res = await client.runtime.listImages(ref ? { filter: { image: { image: ref } } } : {});
    const list = sortImages(res.images.filter((i) => matchesRef(i, ref)));
    if (format === 'json')
      io.out(protoJson({ images: list }, [['images', FIELD_ORDER.image]]) + '\n');
    else if (format === 'yaml') io.out(goYaml({ images: list }) + '\n');
    else if (a.bool('quiet')) io.out(list.map((i) => `${i.id}\n`).join(''));
    else if (a.bool('verbose')) io.out(imagesVerbose(list));
    else
      io.out(
        imagesTable(list, {
          digests: a.bool('digests'),
          pinned: a.bool('pinned'),
          noTrunc: a.bool('no-trunc'),
        }),
      );
    return 0;
  },
};
