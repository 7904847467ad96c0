/**
 * Image and memory sizes as crictl prints them: docker/go-units' HumanSizeWithPrecision — decimal
 * units (B, kB, MB, …, powers of 1000) and Go's `%.<precision>g` (significant digits, trailing
 * zeros dropped, exponent form such as "1e+03" when rounding reaches the next power of ten).
 */
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

export function humanSize(bytes: number, precision = 4): string {
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return goFormatG(size, precision) + UNITS[i];
}

/** Go's fmt `%.{p}g` for a non-negative finite number. */
export function goFormatG(x: number, p: number): string {
  if (x === 0) return '0';
  const [mant, expStr] = x.toExponential(p - 1).split('e') as [string, string];
  const exp = Number(expStr);
  const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= p) {
    const e = Math.abs(exp);
    return `${trim(mant)}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  return trim(x.toFixed(Math.max(0, p - 1 - exp)));
}
