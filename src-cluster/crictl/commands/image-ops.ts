/**
 * `crictl pull <image>` ("Image is up to date for <ref>") and `crictl rmi <image…>` (by reference,
 * id or id prefix, or -a for every image; prints "Deleted: <tag>" per tag it took away — CRI's
 * RemoveImage removes the whole image, every tag with it).
 */
import type { Subcommand } from '../command';
import { resolveImage } from '../resolve';

export const pull: Subcommand = {
  name: 'pull',
  summary: 'Pull an image from a registry',
  argsUsage: 'NAME[:TAG|@DIGEST]',
  opts: [],
  async run({ client, io }, a) {
    if (a.positional.length !== 1) throw new Error('pull takes exactly one image reference');
    const image = a.positional[0]!;
    const { imageRef } = await client.runtime.pullImage({ image: { image } }).catch((e: Error) => {
      throw new Error(`pulling image: ${e.message}`);
    });
    io.out(`Image is up to date for ${imageRef}\n`);
    return 0;
  },
};

export const rmi: Subcommand = {
  name: 'rmi',
  summary: 'Remove one or more images',
  argsUsage: 'IMAGE-ID [IMAGE-ID...]',
  opts: [{ name: 'all', short: 'a', kind: 'bool', help: 'remove all images' }],
  async run({ client, io }, a) {
    const rt = client.runtime;
    const refs = a.bool('all') ? (await rt.listImages({})).images.map((i) => i.id) : a.positional;
    if (!refs.length) throw new Error('you must specify at least one IMAGE-ID or use --all');
    for (const ref of refs) {
      const id = await resolveImage(rt, ref);
      const { image } = await rt.imageStatus({ image: { image: id } });
      if (!image) throw new Error(`no such image ${ref}`);
      await rt.removeImage({ image: { image: id } }).catch((e: Error) => {
        throw new Error(`error of removing image "${ref}": ${e.message}`);
      });
      const names = image.repoTags.length ? image.repoTags : image.repoDigests;
      io.out(names.map((n) => `Deleted: ${n}\n`).join(''));
    }
    return 0;
  },
};
