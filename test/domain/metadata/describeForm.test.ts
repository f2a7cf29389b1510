import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyAnswers,
  type DescribeAnswers,
  describeAnswersSchema,
  describeMetadata,
  fieldForPath,
  prefillAnswers,
} from '../../../src/domain/metadata/describeForm.js';
import { folderFromReference, mayDescribe } from '../../../src/domain/metadata/describePermission.js';
import { findLicence } from '../../../src/domain/metadata/licences.js';
import { checkOrcid } from '../../../src/domain/metadata/orcid.js';
import { validateMetadata } from '../../../src/domain/metadata/validateMetadata.js';
import { DATACITE_FIXTURES_DIR } from '../../support/dataciteFixtures.js';

const DEFAULTS = { publisher: 'Example University Library', publicationYear: 2026 };
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(DATACITE_FIXTURES_DIR, name), 'utf8')) as Record<string, unknown>;

/** Every property the form owns; anything else must come back exactly as it was. */
const FORM_PROPERTIES = [
  'titles',
  'creators',
  'publisher',
  'publicationYear',
  'types',
  'descriptions',
  'subjects',
  'rightsList',
  'fundingReferences',
  'language',
  'version',
  'relatedIdentifiers',
];

function answers(overrides: Partial<DescribeAnswers>): DescribeAnswers {
  return { ...describeAnswersSchema.parse({}), ...overrides };
}

describe('ORCID iDs', () => {
  it('accepts an iD whose ISO 7064 11,2 check character matches, bare or as a URL, and gives its URL', () => {
    expect(checkOrcid('0000-0002-1825-0097')).toEqual({ ok: true, uri: 'https://orcid.org/0000-0002-1825-0097' });
    expect(checkOrcid('https://orcid.org/0000-0001-5109-3700')).toEqual({
      ok: true,
      uri: 'https://orcid.org/0000-0001-5109-3700',
    });
    expect(checkOrcid('0000-0002-1694-233x')).toEqual({ ok: true, uri: 'https://orcid.org/0000-0002-1694-233X' });
  });

  it('refuses a mistyped digit and a wrong shape, saying how to fix it', () => {
    const typo = checkOrcid('0000-0002-1825-0098');
    expect(typo.ok).toBe(false);
    expect(!typo.ok && typo.reason).toMatch(/checksum/);
    const shape = checkOrcid('orcid 12345');
    expect(!shape.ok && shape.reason).toMatch(/0000-0002-1825-0097/);
  });
});

describe('licences', () => {
  it('recognises a short-list licence by SPDX id or by URL', () => {
    expect(findLicence({ rightsIdentifier: 'cc-by-4.0' })?.spdx).toBe('CC-BY-4.0');
    expect(findLicence({ rightsUri: 'https://creativecommons.org/publicdomain/zero/1.0/legalcode' })?.spdx).toBe(
      'CC0-1.0',
    );
    expect(findLicence({ rightsUri: 'https://example.org/all-rights-reserved' })).toBeUndefined();
  });
});

describe('the Describe form', () => {
  it('pre-fills a folder without metadata with the configured publisher, this year and Dataset', () => {
    const prefilled = prefillAnswers(undefined, DEFAULTS);
    expect(prefilled).toMatchObject({
      publisher: 'Example University Library',
      publicationYear: '2026',
      resourceTypeGeneral: 'Dataset',
      creators: [{ name: '' }],
    });
  });

  it('turns answers for an empty folder into a record every validator check passes', () => {
    const outcome = describeMetadata(
      undefined,
      answers({
        ...prefillAnswers(undefined, DEFAULTS),
        title: 'Reef survey 2024',
        creators: [
          { name: '', givenName: 'Ada', familyName: 'Lovelace', orcid: '0000-0002-1825-0097', affiliation: 'Uni' },
        ],
        licence: 'CC-BY-4.0',
        subjects: ['coral', 'reef'],
        funding: [{ funderName: 'National Science Foundation', awardNumber: 'OCE-123' }],
      }),
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(validateMetadata(outcome.metadata).ok).toBe(true);
    expect(outcome.metadata).toMatchObject({
      titles: [{ title: 'Reef survey 2024' }],
      creators: [
        {
          name: 'Lovelace, Ada',
          nameType: 'Personal',
          nameIdentifiers: [{ nameIdentifier: 'https://orcid.org/0000-0002-1825-0097', nameIdentifierScheme: 'ORCID' }],
          affiliation: [{ name: 'Uni' }],
        },
      ],
      publicationYear: 2026,
      types: { resourceTypeGeneral: 'Dataset' },
      rightsList: [{ rightsIdentifier: 'CC-BY-4.0', rightsIdentifierScheme: 'SPDX' }],
      subjects: [{ subject: 'coral' }, { subject: 'reef' }],
    });
  });

  it('gives the richest fixture back unchanged when nothing is edited', () => {
    const rich = fixture('valid-full-v46.json');
    expect(applyAnswers(rich, prefillAnswers(rich, DEFAULTS))).toEqual(rich);
  });

  it('keeps every property and entry the form does not show when fields are edited', () => {
    const rich = fixture('valid-full-v46.json');
    const prefilled = prefillAnswers(rich, DEFAULTS);
    const edited = applyAnswers(rich, {
      ...prefilled,
      title: 'A new title',
      creators: [
        { ...(prefilled.creators[0] ?? describeAnswersSchema.parse({}).creators[0]!), affiliation: 'Elsewhere' },
        ...prefilled.creators.slice(1),
      ],
      licence: 'CC0-1.0',
      subjects: [...prefilled.subjects, 'another keyword'],
    });
    for (const key of Object.keys(rich).filter((k) => !FORM_PROPERTIES.includes(k))) {
      expect(JSON.stringify(edited[key]), key).toBe(JSON.stringify(rich[key]));
    }
    const titles = edited.titles as Record<string, unknown>[];
    expect(titles[0]).toEqual({ title: 'A new title', lang: 'en' });
    expect(JSON.stringify(titles.slice(1))).toBe(JSON.stringify((rich.titles as unknown[]).slice(1)));
    const creators = edited.creators as Record<string, unknown>[];
    const richCreators = rich.creators as Record<string, unknown>[];
    expect(JSON.stringify(creators[0]?.nameIdentifiers)).toBe(JSON.stringify(richCreators[0]?.nameIdentifiers));
    expect(JSON.stringify(creators.slice(1))).toBe(JSON.stringify(richCreators.slice(1)));
    const subjects = edited.subjects as unknown[];
    expect(JSON.stringify(subjects.slice(0, 3))).toBe(JSON.stringify(rich.subjects));
    expect(validateMetadata(edited).ok).toBe(true);
  });

  it('reports a bad ORCID and an empty title at their fields, all at once', () => {
    const outcome = describeMetadata(
      undefined,
      answers({
        ...prefillAnswers(undefined, DEFAULTS),
        title: '',
        creators: [
          { name: 'Lovelace, Ada', givenName: '', familyName: '', orcid: '0000-0002-1825-0098', affiliation: '' },
        ],
      }),
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(Object.keys(outcome.errors).sort()).toEqual(['creators.0.orcid', 'title']);
    expect(outcome.errors['creators.0.orcid']?.[0]).toMatch(/checksum/);
  });

  it('maps validator paths to form fields, and what the form does not show to elsewhere', () => {
    expect(fieldForPath('$.titles')).toBe('title');
    expect(fieldForPath('$.creators[2].nameIdentifiers[0].nameIdentifierScheme')).toBe('creators.2.orcid');
    expect(fieldForPath('$.creators[0].name')).toBe('creators.0.name');
    expect(fieldForPath('$.types.resourceTypeGeneral')).toBe('resourceTypeGeneral');
    expect(fieldForPath('$.fundingReferences[1].funderName')).toBe('funding.1');
    expect(fieldForPath('$.geoLocations[0].geoLocationPoint')).toBe('elsewhere');
  });

  it('validates an answers file strictly', () => {
    expect(describeAnswersSchema.safeParse({ titel: 'typo' }).success).toBe(false);
    expect(describeAnswersSchema.parse({ publicationYear: 2024 }).publicationYear).toBe('2024');
  });
});

describe('who may describe a folder', () => {
  const home = folderFromReference('projects/reef', 'UALICE');
  const staging = folderFromReference('staging/reef', 'UALICE');
  const base = { isCurator: false, requestWaitsOnRequester: false };

  it('reads folder references', () => {
    expect(home).toEqual({ area: 'home', owner: 'UALICE', path: 'projects/reef' });
    expect(staging).toEqual({ area: 'staging', name: 'reef' });
    expect(folderFromReference('home/UBOB/reef', 'UALICE')).toEqual({ area: 'home', owner: 'UBOB', path: 'reef' });
  });

  it('lets the owner describe their home folder and nobody else', () => {
    expect(mayDescribe({ ...base, actorId: 'UALICE', location: home }).allowed).toBe(true);
    expect(mayDescribe({ ...base, actorId: 'UBOB', location: home }).allowed).toBe(false);
    expect(mayDescribe({ ...base, isCurator: true, actorId: 'UCUR', location: home }).allowed).toBe(false);
  });

  it('lets curators edit in staging, and the requester only while the request waits on them', () => {
    expect(mayDescribe({ ...base, isCurator: true, actorId: 'UCUR', location: staging }).allowed).toBe(true);
    const requester = { ...base, actorId: 'UALICE', location: staging, requesterId: 'UALICE' };
    expect(mayDescribe(requester).allowed).toBe(false);
    expect(mayDescribe({ ...requester, requestWaitsOnRequester: true }).allowed).toBe(true);
    expect(mayDescribe({ ...requester, actorId: 'UBOB', requestWaitsOnRequester: true }).allowed).toBe(false);
    expect(
      mayDescribe({ ...base, isCurator: true, actorId: 'UCUR', location: { area: 'curated', name: 'reef' } }).allowed,
    ).toBe(false);
  });
});
