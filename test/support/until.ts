/**
 * until(what, f, ms): polls f every 200 ms until it returns something other than undefined and
 * resolves with that; after ms it fails naming `what`, so a stuck wait says what it waited for.
 * The real-runtime tests wait on eventual state (a pod Running, a container gone) this way.
 */
export async function until<T>(
  what: string,
  f: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
