/**
 * The error a malformed or unsupported selector raises. The API server answers it with a 400
 * BadRequest carrying the message unchanged, so the message must say what was wrong and where.
 */
export class SelectorError extends Error {
  override readonly name = 'SelectorError';
}
