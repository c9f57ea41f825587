import { describe, expect, it } from 'vitest';
import { formatBasisPoints, formatCentavos, parseMoney } from './money';

describe('formatCentavos', () => {
  it.each([
    [0, '$ 0,00'],
    [5, '$ 0,05'],
    [50, '$ 0,50'],
    [100, '$ 1,00'],
    [123456, '$ 1.234,56'],
    [100000, '$ 1.000,00'],
    [99999999, '$ 999.999,99'],
    [123456789012, '$ 1.234.567.890,12'],
    [-5, '-$ 0,05'],
    [-123456, '-$ 1.234,56'],
    [Number.MAX_SAFE_INTEGER, '$ 90.071.992.547.409,91'],
  ])('formats %d centavos as %s', (centavos, expected) => {
    expect(formatCentavos(centavos)).toBe(expected);
  });

  it('formats bigint centavos beyond the safe range exactly', () => {
    expect(formatCentavos(12345678901234567890n)).toBe('$ 123.456.789.012.345.678,90');
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects the non-integer %d', (value) => {
    expect(() => formatCentavos(value)).toThrow(RangeError);
  });
});

describe('formatBasisPoints', () => {
  it.each([
    [3550, '35,50 %'],
    [0, '0,00 %'],
    [5, '0,05 %'],
    [100000, '1.000,00 %'],
    [-125, '-1,25 %'],
  ])('formats %d bp as %s', (bp, expected) => {
    expect(formatBasisPoints(bp)).toBe(expected);
  });
});

describe('parseMoney', () => {
  it.each([
    // The examples of ui.md §1 item 2.
    ['1.234', 123400],
    ['12.5', 1250],
    ['1.234,5', 123450],
    // Rule 1: a comma is always the decimal mark.
    ['12,5', 1250],
    ['12,50', 1250],
    ['0,05', 5],
    [',5', 50],
    ['1.234.567,89', 123456789],
    ['1234,56', 123456],
    // Rule 2: one dot followed by 1–2 final digits is the decimal mark.
    ['12.50', 1250],
    ['0.05', 5],
    ['.5', 50],
    ['1234.5', 123450],
    // Rule 3: any other dot separates thousands.
    ['1.000', 100000],
    ['1.234.567', 123456700],
    ['12.345', 1234500],
    // Plain integers, currency sign and spaces.
    ['0', 0],
    ['15', 1500],
    ['$ 1.234,56', 123456],
    ['$1234', 123400],
    ['  250  ', 25000],
    ['007', 700],
  ])('parses %j as %d centavos', (text, expected) => {
    expect(parseMoney(text)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    '$',
    'abc',
    '12a',
    '1,234,56',
    '12,345',
    '12,',
    '1..2',
    '.1.2',
    '12.',
    '1.234.',
    '.',
    ',',
    '1 234',
    '1e5',
    '+5',
    '12.5.',
    '--5',
    '1.2.3',
    '12.34,5',
    '1234.567',
    '1.2345',
  ])('rejects %j', (text) => {
    expect(parseMoney(text)).toBeNull();
  });

  it('rejects negative amounts unless allowed', () => {
    expect(parseMoney('-12,5')).toBeNull();
    expect(parseMoney('-12,5', { allowNegative: true })).toBe(-1250);
    expect(parseMoney('-$ 1.234', { allowNegative: true })).toBe(-123400);
    expect(parseMoney('$ -1.234', { allowNegative: true })).toBe(-123400);
    expect(parseMoney('-0', { allowNegative: true })).toBe(0);
  });

  it('enforces the maximum (10^11 centavos by default)', () => {
    expect(parseMoney('1.000.000.000')).toBe(100_000_000_000);
    expect(parseMoney('1.000.000.000,01')).toBeNull();
    expect(parseMoney('99999999999999999999')).toBeNull();
    expect(parseMoney('500', { maxCentavos: 10_000 })).toBeNull();
    expect(parseMoney('100', { maxCentavos: 10_000 })).toBe(10_000);
  });

  it('round-trips every formatted amount', () => {
    for (const centavos of [0, 1, 99, 100, 1250, 123400, 123456, 99999999, 100_000_000_000]) {
      expect(parseMoney(formatCentavos(centavos))).toBe(centavos);
    }
  });
});
