/**
 * Money as integer centavos (api.md §1.3), shown as `$ 1.234,56` (ui.md §1 item 2).
 * Formatting works on the integer digits only, never through a float.
 */

function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += '.';
    out += digits.charAt(i);
  }
  return out;
}

/**
 * 123456 → "$ 1.234,56"; -5 → "-$ 0,05"; 0 → "$ 0,00".
 * @throws RangeError when `centavos` is not a safe integer (a float here is a bug upstream).
 */
export function formatCentavos(centavos: number | bigint): string {
  if (typeof centavos === 'number' && !Number.isSafeInteger(centavos)) {
    throw new RangeError(`formatCentavos: expected integer centavos, got ${centavos}`);
  }
  const value = BigInt(centavos);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(3, '0');
  const entero = digits.slice(0, -2);
  const decimales = digits.slice(-2);
  return `${negative ? '-' : ''}$ ${groupThousands(entero)},${decimales}`;
}

/** Basis points as a percentage with two decimals: 3550 → "35,50 %", -125 → "-1,25 %". */
export function formatBasisPoints(bp: number): string {
  if (!Number.isSafeInteger(bp)) throw new RangeError(`formatBasisPoints: expected an integer, got ${bp}`);
  const negative = bp < 0;
  const digits = Math.abs(bp).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${groupThousands(digits.slice(0, -2))},${digits.slice(-2)} %`;
}

export interface ParseMoneyOptions {
  /** Accept a leading minus sign (ledger adjustments). Default false. */
  allowNegative?: boolean;
  /** Largest accepted absolute value in centavos. Default 10^11 (api.md §1.3). */
  maxCentavos?: number;
}

export const MAX_CENTAVOS = 100_000_000_000;

/** Digits, or digits grouped by dots in thousands (`1.234.567`); a misplaced dot is a typo. */
const INTEGER_GROUPED = /^(?:\d+|\d{1,3}(?:\.\d{3})+)$/;

/**
 * Parses a typed amount into centavos, or returns null when the text is not an amount.
 *
 * The three rules of ui.md §1 item 2:
 *  1. a comma is always the decimal mark (`1.234,5` → 123450);
 *  2. with no comma, a single dot followed by 1–2 final digits is the decimal mark (`12.5` → 1250);
 *  3. any other dot separates thousands (`1.234` → 123400, `1.234.567` → 123456700).
 * An optional `$` and spaces around the number are ignored. At most two decimals are accepted.
 * Thousands dots must sit every three digits (`1.2.3` and `12.34,5` are rejected as typos).
 */
export function parseMoney(input: string, options: ParseMoneyOptions = {}): number | null {
  const { allowNegative = false, maxCentavos = MAX_CENTAVOS } = options;
  let text = input.trim();
  let negative = false;
  if (text.startsWith('-')) {
    negative = true;
    text = text.slice(1).trim();
  }
  if (text.startsWith('$')) text = text.slice(1).trim();
  if (!negative && text.startsWith('-')) {
    negative = true;
    text = text.slice(1).trim();
  }
  if (negative && !allowNegative) return null;
  if (text === '') return null;

  let entero: string;
  let decimales: string;
  const commaCount = text.split(',').length - 1;
  if (commaCount > 1) return null;
  if (commaCount === 1) {
    // Rule 1: the comma is the decimal mark; every dot before it separates thousands.
    const [izquierda = '', derecha = ''] = text.split(',');
    if (!/^\d{1,2}$/.test(derecha)) return null;
    if (izquierda === '') {
      entero = '0';
    } else {
      if (!INTEGER_GROUPED.test(izquierda)) return null;
      entero = izquierda.replaceAll('.', '');
    }
    decimales = derecha;
  } else {
    const dotCount = text.split('.').length - 1;
    const decimalDot = /^(\d*)\.(\d{1,2})$/.exec(text);
    if (dotCount === 1 && decimalDot !== null) {
      // Rule 2: a single dot followed by 1–2 final digits.
      entero = decimalDot[1] === '' ? '0' : (decimalDot[1] ?? '0');
      decimales = decimalDot[2] ?? '';
    } else {
      // Rule 3: any other dot separates thousands.
      if (!INTEGER_GROUPED.test(text)) return null;
      entero = text.replaceAll('.', '');
      decimales = '';
    }
  }

  const centavosText = `${entero}${decimales.padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  if (centavosText.length > 16) return null;
  const centavos = Number(centavosText);
  if (!Number.isSafeInteger(centavos) || centavos > maxCentavos) return null;
  return negative && centavos !== 0 ? -centavos : centavos;
}
