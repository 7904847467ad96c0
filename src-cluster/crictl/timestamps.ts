/**
 * Times in `inspect` output as crictl writes them: Go's RFC 3339 with nanoseconds (trailing zeros of
 * the fraction dropped) in the machine's local time zone ("Z" when the offset is zero). A
 * container that never started or finished shows Go's zero time, 0001-01-01T00:00:00Z.
 */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `nanos`: nanoseconds since the epoch (CRI's int64 as a decimal string or bigint). */
export function rfc3339Nano(nanos: string | bigint, tzOffsetMinutes?: number): string {
  const ns = BigInt(nanos);
  const ms = Number(ns / 1_000_000n);
  const frac = Number(((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n);
  // getTimezoneOffset is minutes *behind* UTC (UTC+2 gives -120).
  const offset = tzOffsetMinutes ?? -new Date(ms).getTimezoneOffset();
  const local = new Date(ms + offset * 60_000);
  const date =
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const fraction = frac ? '.' + String(frac).padStart(9, '0').replace(/0+$/, '') : '';
  const zone =
    offset === 0
      ? 'Z'
      : `${offset < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return date + fraction + zone;
}

/**
 * Go's default formatting of a time.Time ("2006-01-02 15:04:05.999999999 -0700 MST"), which the
 * verbose pod listings print; kubelab nodes run in UTC, so it is written in UTC.
 */
export function goTimeString(nanos: string): string {
  const ns = BigInt(nanos || '0');
  const iso = new Date(Number(ns / 1_000_000n)).toISOString();
  const frac = String(ns % 1_000_000_000n)
    .padStart(9, '0')
    .replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? '.' + frac : ''} +0000 UTC`;
}
