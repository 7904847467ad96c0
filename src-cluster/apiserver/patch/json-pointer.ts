/**
 * RFC 6901 JSON Pointers: "" is the whole document, "/a/0/b~1c" walks a → index 0 → "b/c".
 * `~1` stands for "/" and `~0` for "~" (unescaped in that order, so "~01" is the literal "~1").
 */
import { PatchError } from './errors';

/**
 * The reference tokens of `pointer`, unescaped. Throws PatchError (400) for a pointer that does not
 * start with "/" or contains a "~" not followed by 0 or 1.
 */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new PatchError(
      `invalid JSON pointer "${pointer}": it must be empty or start with "/"`,
      400,
    );
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~(?![01])/.test(token)) {
        throw new PatchError(
          `invalid JSON pointer "${pointer}": "~" must be followed by 0 or 1 (write "~0" for "~" and "~1" for "/")`,
          400,
        );
      }
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/**
 * The array index a token names, or null when it is not a valid RFC 6901 array index
 * (digits only, no leading zeros). The "-" token is handled by the caller.
 */
export function arrayIndex(token: string): number | null {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : null;
}
