/**
 * The CRI v1 ImageService subset the kubelet uses (upstream's ImageManagerService role), with the
 * same proto-loader conventions as runtime-service.ts.
 */
import type { ImageSpec, Int64, PodSandboxConfig } from './runtime-service';

export interface Image {
  /** The image id (a digest-like string). */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: Int64;
  pinned?: boolean;
}

export interface AuthConfig {
  username?: string;
  password?: string;
  auth?: string;
  serverAddress?: string;
}

export interface ImageService {
  listImages(req: { filter?: { image?: ImageSpec } }): Promise<{ images: Image[] }>;
  /** `image` is absent (not an error) when the image is not present locally. */
  imageStatus(req: { image: ImageSpec; verbose?: boolean }): Promise<{ image?: Image }>;
  /** Resolves with the image reference once pulled; rejects (CriError) when the pull fails. */
  pullImage(req: {
    image: ImageSpec;
    auth?: AuthConfig;
    sandboxConfig?: PodSandboxConfig;
  }): Promise<{ imageRef: string }>;
  removeImage(req: { image: ImageSpec }): Promise<void>;
}
