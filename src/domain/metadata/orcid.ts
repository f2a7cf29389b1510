/**
 * ORCID iDs as people type them (bare `0000-0002-1825-0097` or `https://orcid.org/...`), checked
 * by their ISO 7064 11,2 check character offline: a mistyped digit is caught before saving.
 */

export const ORCID_RESOLVER = 'https://orcid.org/';

const ORCID_SHAPE = /^(?:https?:\/\/(?:www\.)?orcid\.org\/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$/i;

/** The ISO 7064 MOD 11-2 check character of the first 15 digits. */
export function orcidCheckCharacter(digits: string): string {
  let total = 0;
  for (const digit of digits) total = (total + Number(digit)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? 'X' : String(result);
}

export type OrcidCheck = { ok: true; uri: string } | { ok: false; reason: string };

/** The iD as `https://orcid.org/XXXX-XXXX-XXXX-XXXX` when its shape and check character are right. */
export function checkOrcid(input: string): OrcidCheck {
  const match = ORCID_SHAPE.exec(input.trim());
  if (!match) {
    return {
      ok: false,
      reason: `"${input.trim()}" is not an ORCID iD: write it as 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097`,
    };
  }
  const groups = match.slice(1, 5).map((group) => group?.toUpperCase() ?? '');
  const compact = groups.join('');
  if (orcidCheckCharacter(compact.slice(0, 15)) !== compact.slice(15)) {
    return {
      ok: false,
      reason: `${groups.join('-')} is not a valid ORCID iD (its last character does not match the checksum): copy it again from the person's ORCID record`,
    };
  }
  return { ok: true, uri: `${ORCID_RESOLVER}${groups.join('-')}` };
}
