/**
 * Settings migrations: MIGRATIONS[n] turns a version-n document into version n+1. Each step only
 * reshapes; sanitize() in settings-file.ts validates the result. Never edit a released step — add one.
 */
type Doc = Record<string, unknown>;

export const MIGRATIONS: Record<number, (doc: Doc) => Doc> = {
  // 0: files from before the version field had the same shape as version 1.
  0: (doc) => ({ ...doc, version: 1 }),
  // 1 → 2: terminal settings. Version 1 stored the dock's font size at the top level
  // ("terminalFontSize"); it moves under "terminal", with the built-in console as the default kind.
  1: (doc) => {
    const { terminalFontSize, ...rest } = doc;
    return {
      ...rest,
      version: 2,
      terminal: {
        defaultKind: 'console',
        ...(typeof terminalFontSize === 'number' ? { fontSize: terminalFontSize } : {}),
      },
    };
  },
};
