/**
 * The one error every patch engine throws. The API server maps `code` onto a Status: 400 BadRequest
 * for a patch document that is malformed (not JSON of the right shape, an unknown op, a directive
 * with the wrong type), 422 Invalid for a well-formed patch that cannot be applied to this object
 * (a failing `test`, a path that does not exist, a list element without its merge key).
 */
export class PatchError extends Error {
  override readonly name = 'PatchError';

  /**
   * @param message says which operation/path failed, in words a kubectl user can act on.
   * @param code 400 for a malformed patch, 422 for a patch that does not apply to the object.
   */
  constructor(
    message: string,
    readonly code: 400 | 422 = 422,
  ) {
    super(message);
  }
}
