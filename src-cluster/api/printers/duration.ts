/**
 * Ages as `kubectl get` shows them: the same buckets and rounding as upstream's
 * duration.HumanDuration, so a kubelab cluster reads exactly like a real one.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * A duration in milliseconds as "45s", "3m20s", "25m", "5h12m", "30h", "3d4h", "90d", "2y14d" or
 * "9y". Every unit truncates (never rounds up), like Go's integer division.
 *
 * Negative durations happen when the object's clock is ahead of ours. Up to (but excluding) two
 * seconds of skew reads as "0s" — that is "just now" to a user; anything further in the future is
 * "<invalid>", which is how kubectl flags a badly skewed clock.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 3 * 60) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/**
 * The age of a timestamp (RFC 3339, with or without fractional seconds) at `now`; "<unknown>" when
 * the timestamp is missing or unreadable, as kubectl prints for an unset time.
 */
export function ageSince(timestamp: string | null | undefined, now: number): string {
  if (!timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now - t);
}
