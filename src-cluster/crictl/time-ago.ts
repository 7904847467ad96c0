/**
 * "x minutes ago" as crictl prints CREATED: docker/go-units' HumanDuration — whole seconds below a
 * minute, "About a minute", whole minutes, "About an hour", hours rounded to the nearest, then
 * days (below two weeks), weeks (below two months), months of 30 days, years of 365 days.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / 3_600_000) / 24 / 365)} years`;
}

/** "<duration> ago" for a CRI timestamp (nanoseconds since the epoch, as a decimal string). */
export function ago(createdAtNanos: string | undefined, nowMs: number): string {
  const ms = createdAtNanos ? Number(BigInt(createdAtNanos) / 1_000_000n) : 0;
  return `${humanDuration(nowMs - ms)} ago`;
}
