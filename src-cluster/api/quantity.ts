/**
 * Kubernetes resource quantities ("100m", "1.5Gi", "2e3", "128974848"). A quantity is kept as an
 * exact decimal: `unscaled × 10^scale` with bigint precision, so "0.1" + "0.2" style rounding never
 * creeps into scheduling or limit checks. Like upstream, precision finer than 10^-9 is rounded up
 * when parsing, and the suffix decides the canonical format (binary, decimal SI or exponent).
 */

export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

const FORMAT_MESSAGE =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_MESSAGE = "unable to parse quantity's suffix";
const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** A string (or number) that is not a valid quantity; the message is upstream's wording. */
export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

const DECIMAL_SUFFIX: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIX: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_BY_EXP = new Map(Object.entries(DECIMAL_SUFFIX).map(([s, e]) => [e, s]));
const BINARY_BY_POWER = new Map(Object.entries(BINARY_SUFFIX).map(([s, p]) => [p, s]));

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** ceil(a / b) for b > 0. */
function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

/** An exact quantity. Immutable; arithmetic helpers return new values. */
export class Quantity {
  /** value = unscaled × 10^scale; scale ≥ -9 after parsing. */
  readonly unscaled: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;

  constructor(unscaled: bigint, scale: number, format: QuantityFormat) {
    this.unscaled = unscaled;
    this.scale = scale;
    this.format = format;
  }

  /** The value scaled to `exp` (value / 10^exp), rounded up (towards +∞). */
  scaledValue(exp: number): bigint {
    const shift = this.scale - exp;
    if (shift >= 0) return this.unscaled * pow10(shift);
    return ceilDiv(this.unscaled, pow10(-shift));
  }

  /** The value in thousandths, rounded up: "100m" → 100, "1" → 1000, "0.0001" → 1. */
  milliValue(): number {
    return Number(this.scaledValue(-3));
  }

  /** The integer value, rounded up: "100m" → 1, "1Ki" → 1024. */
  value(): number {
    return Number(this.scaledValue(0));
  }

  /** -1, 0 or 1. */
  sign(): number {
    return this.unscaled === 0n ? 0 : this.unscaled > 0n ? 1 : -1;
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  /** The canonical string, like upstream's Quantity.String(). */
  toString(): string {
    return formatQuantity(this);
  }

  toJSON(): string {
    return formatQuantity(this);
  }
}

function parseSuffix(suffix: string): { exp10: number; pow2: number; format: QuantityFormat } {
  if (suffix in BINARY_SUFFIX)
    return { exp10: 0, pow2: BINARY_SUFFIX[suffix]!, format: 'BinarySI' };
  if (suffix in DECIMAL_SUFFIX)
    return { exp10: DECIMAL_SUFFIX[suffix]!, pow2: 0, format: 'DecimalSI' };
  const m = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  if (m) return { exp10: Number(m[1]), pow2: 0, format: 'DecimalExponent' };
  throw new QuantityError(SUFFIX_MESSAGE);
}

/**
 * Parses a quantity. Accepts strings in upstream's grammar and finite JSON numbers. Throws
 * QuantityError with upstream's message for anything else (empty string, "1.2.3", "5Q", NaN).
 */
export function parseQuantity(input: string | number): Quantity {
  let s: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new QuantityError(FORMAT_MESSAGE);
    s = String(input);
  } else if (typeof input === 'string') {
    s = input.trim();
  } else {
    throw new QuantityError(FORMAT_MESSAGE);
  }
  const m = QUANTITY_RE.exec(s);
  if (!m) throw new QuantityError(FORMAT_MESSAGE);
  let num = m[1]!;
  const suffix = m[2]!;
  let negative = false;
  if (num[0] === '+' || num[0] === '-') {
    negative = num[0] === '-';
    num = num.slice(1);
  }
  const parts = num.split('.');
  if (parts.length > 2) throw new QuantityError(FORMAT_MESSAGE);
  const whole = parts[0] ?? '';
  const frac = parts[1] ?? '';
  if (whole === '' && frac === '') throw new QuantityError(FORMAT_MESSAGE);
  const { exp10, pow2, format } = parseSuffix(suffix);
  let unscaled = BigInt((whole + frac).replace(/^0+(?=.)/, '') || '0');
  let scale = exp10 - frac.length;
  if (pow2 > 0) unscaled *= 1024n ** BigInt(pow2);
  // Upstream keeps at most nano precision and rounds the rest up (away from zero for magnitude).
  if (scale < -9) {
    unscaled = ceilDiv(unscaled, pow10(-9 - scale));
    scale = -9;
  }
  if (negative) unscaled = -unscaled;
  return normalize(new Quantity(unscaled, scale, format));
}

/** Strips trailing decimal zeros from the unscaled value so equal values compare structurally. */
function normalize(q: Quantity): Quantity {
  let { unscaled, scale } = q;
  if (unscaled === 0n) return new Quantity(0n, 0, q.format);
  while (unscaled % 10n === 0n) {
    unscaled /= 10n;
    scale += 1;
  }
  return new Quantity(unscaled, scale, q.format);
}

/** True when the input parses as a quantity. */
export function isQuantity(input: unknown): boolean {
  if (typeof input !== 'string' && typeof input !== 'number') return false;
  try {
    parseQuantity(input);
    return true;
  } catch {
    return false;
  }
}

/** -1 if a < b, 0 if equal, 1 if a > b (exact, regardless of format). */
export function compareQuantity(a: Quantity, b: Quantity): number {
  const scale = Math.min(a.scale, b.scale);
  const x = a.unscaled * pow10(a.scale - scale);
  const y = b.unscaled * pow10(b.scale - scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** a + b, keeping a's format (how upstream's Quantity.Add behaves). */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  const scale = Math.min(a.scale, b.scale);
  const sum = a.unscaled * pow10(a.scale - scale) + b.unscaled * pow10(b.scale - scale);
  return normalize(new Quantity(sum, scale, a.format));
}

function formatDecimal(unscaled: bigint, scale: number, exponent: boolean): string {
  if (unscaled === 0n) return '0';
  // Move to a multiple of 3 at or below the current scale; mantissa stays an integer.
  let exp = Math.floor(scale / 3) * 3;
  let mantissa = unscaled * pow10(scale - exp);
  // Grow the exponent while the mantissa stays an integer, as upstream's canonical form does.
  while (mantissa % 1000n === 0n && exp < 18) {
    mantissa /= 1000n;
    exp += 3;
  }
  if (exponent) return exp === 0 ? `${mantissa}` : `${mantissa}e${exp}`;
  const suffix = DECIMAL_BY_EXP.get(exp);
  return suffix === undefined ? `${mantissa}e${exp}` : `${mantissa}${suffix}`;
}

/**
 * The canonical text of a quantity, as upstream prints it: "1.5Gi" → "1536Mi", "0.5" → "500m",
 * "2e3" → "2e3", "1000" → "1k". Binary quantities that are not whole numbers print in decimal SI.
 */
export function formatQuantity(q: Quantity): string {
  const { unscaled, scale } = q;
  if (q.format === 'BinarySI' && scale >= 0) {
    let v = unscaled * pow10(scale);
    const neg = v < 0n;
    if (neg) v = -v;
    let power = 0;
    while (v !== 0n && v % 1024n === 0n && power < 6) {
      v /= 1024n;
      power += 1;
    }
    return `${neg ? '-' : ''}${v}${BINARY_BY_POWER.get(power) ?? ''}`;
  }
  return formatDecimal(unscaled, scale, q.format === 'DecimalExponent');
}
