/**
 * The sim node's image store: the CRI ImageService over the images present on the node. Pulls
 * take the catalogue's modelled time (scaled) on the runtime's clock and fail with containerd's
 * messages for an unknown tag or repository. `guard` is the runtime's up-check, so a stopped
 * runtime fails image calls Unavailable too (also after a pull's wait, as a dropped connection).
 */
import type { Clock } from '../../../../src-shared/util/clock';
import { CriError } from '../errors';
import type { Image, ImageService } from '../image-service';
import { CATALOGUE, imageDigest, lookupImage, parseImageName } from './images';

interface StoredImage {
  id: string;
  full: string;
  size: number;
}

export class SimImageStore implements ImageService {
  private readonly images = new Map<string, StoredImage>();

  constructor(
    private readonly clock: Clock,
    private readonly guard: () => void,
    /** Multiplies modelled pull times (0 = instant). */
    private readonly pullScale: number,
    preloaded: string[],
  ) {
    for (const ref of preloaded) this.store(ref);
  }

  /** The present image by its normalised name (`docker.io/library/nginx:latest`), if any. */
  get(full: string): { id: string } | undefined {
    return this.images.get(full);
  }

  private store(ref: string): StoredImage {
    const n = parseImageName(ref);
    const img = lookupImage(ref);
    const stored = { id: imageDigest(n.full), full: n.full, size: img?.sizeBytes ?? 1_000_000 };
    this.images.set(n.full, stored);
    return stored;
  }

  private view(s: StoredImage): Image {
    return { id: s.id, repoTags: [s.full], repoDigests: [], size: String(s.size) };
  }

  async listImages(_req: { filter?: { image?: { image: string } } }): Promise<{ images: Image[] }> {
    this.guard();
    return { images: [...this.images.values()].map((s) => this.view(s)) };
  }

  async imageStatus(req: { image: { image: string } }): Promise<{ image?: Image }> {
    this.guard();
    const s = this.images.get(parseImageName(req.image.image).full);
    return s ? { image: this.view(s) } : {};
  }

  async pullImage(req: { image: { image: string } }): Promise<{ imageRef: string }> {
    this.guard();
    const n = parseImageName(req.image.image);
    const img = lookupImage(n.full);
    const known = CATALOGUE.find((i) => i.repo === n.repo);
    // A failed pull still costs a round trip to the registry.
    const ms = (img?.pullMs ?? 800) * this.pullScale;
    if (ms > 0) await new Promise<void>((r) => this.clock.setTimeout(r, ms));
    this.guard();
    if (!img) {
      const reason = known
        ? `${n.full}: not found`
        : `pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
      throw new CriError(
        'Unknown',
        `failed to pull and unpack image "${n.full}": failed to resolve reference "${n.full}": ${reason}`,
      );
    }
    return { imageRef: this.store(n.full).id };
  }

  async removeImage(req: { image: { image: string } }): Promise<void> {
    this.guard();
    this.images.delete(parseImageName(req.image.image).full);
  }
}
