/**
 * Ids in crictl's tables: container, sandbox and image ids are shown as their first 13 characters
 * (image ids and digests without their "sha256:"), unless --no-trunc.
 */
export const TRUNCATED_ID_LEN = 13;

export function truncateId(id: string, prefix = ''): string {
  const s = prefix && id.startsWith(prefix) ? id.slice(prefix.length) : id;
  return s.length > TRUNCATED_ID_LEN ? s.slice(0, TRUNCATED_ID_LEN) : s;
}

const DIGEST = /^(sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;

/**
 * The IMAGE column of `ps`: containerd reports a container's image as the image id (a digest),
 * which crictl shortens like an id; an image reference stays as it is.
 */
export function shortImage(image: string): string {
  if (!DIGEST.test(image)) return image;
  return truncateId(image, image.slice(0, image.indexOf(':') + 1));
}
