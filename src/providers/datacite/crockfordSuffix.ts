/**
 * Random DOI suffixes in Crockford's base32: digits and upper-case letters
 * without I, L, O and U, so a suffix read aloud or copied by hand cannot be
 * mistaken for another (1/I/L, 0/O) and spells no words. The form
 * `XXXX-XXXX` is the one DataCite's own suffix generator produces.
 */
import { randomBytes } from 'node:crypto';

export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Eight symbols of five bits each: 40 random bits, about 10^12 suffixes. */
const SYMBOLS = 8;

/** A fresh suffix such as `7KQ2-M9XD`: 40 bits from the system's random source. */
export function randomCrockfordSuffix(): string {
  let bits = 0n;
  for (const byte of randomBytes((SYMBOLS * 5) / 8)) bits = (bits << 8n) | BigInt(byte);
  let symbols = '';
  for (let i = SYMBOLS - 1; i >= 0; i -= 1) symbols += CROCKFORD_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}
