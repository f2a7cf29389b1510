/** The pure parts of the DataCite client: reading bodies, JSON:API errors in plain words, and a DOI resource as a RegistrarRecord. */
import type { Response } from 'got';
import { describe, expect, it } from 'vitest';
import { ProviderRejected } from '../../../src/domain/errors.js';
import { redactSecrets } from '../../../src/logging/logger.js';
import {
  type DoiAttributes,
  readDataciteBody,
  readDoiAttributes,
} from '../../../src/providers/datacite/dataciteBody.js';
import { DataciteFailures, describeJsonApiErrors } from '../../../src/providers/datacite/dataciteFailures.js';
import { toRegistrarRecord } from '../../../src/providers/datacite/registrarRecord.js';

describe('readDataciteBody', () => {
  it('tells JSON, plain text, empty bodies and HTML pages apart', () => {
    expect(readDataciteBody('{"data":{}}')).toEqual({ kind: 'json', value: { data: {} } });
    expect(readDataciteBody('OK\n')).toEqual({ kind: 'text', text: 'OK' });
    expect(readDataciteBody('{"data":{"id":')).toEqual({ kind: 'text', text: '{"data":{"id":' });
    expect(readDataciteBody(' \n')).toEqual({ kind: 'empty' });
    expect(readDataciteBody('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>')).toEqual({
      kind: 'html',
      title: '502 Bad Gateway',
    });
  });

  it('says where a DOI document departs from the documented shape', () => {
    const read = readDoiAttributes({ data: { type: 'dois', attributes: { doi: '10.5072/X', state: 'tombstoned' } } });
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.reason).toMatch(/^the JSON is not a DOI resource .* at data\.attributes\.state: /);
  });
});

describe('describeJsonApiErrors', () => {
  it('names the field of each entry, whether DataCite sends it as a string or JSON:API as a pointer', () => {
    const described = describeJsonApiErrors([
      { status: '422', source: 'creators', title: "Creators can't be blank" },
      {
        status: '422',
        source: { pointer: '/data/attributes/titles/0/title' },
        title: 'Title is too long',
        detail: 'at most 500 characters',
      },
      { status: '400', source: { parameter: 'include' }, title: 'Unknown include' },
      { status: '422', title: 'Something without a field' },
      { status: '422', source: 'creators', title: 'Creator name is missing' },
    ]);
    expect(described.text).toBe(
      "creators: Creators can't be blank; titles.0.title: Title is too long — at most 500 characters; include: Unknown include; Something without a field; creators: Creator name is missing",
    );
    expect(described.details).toEqual({
      creators: "Creators can't be blank; Creator name is missing",
      'titles.0.title': 'Title is too long — at most 500 characters',
      include: 'Unknown include',
      error: 'Something without a field',
    });
  });
});

describe('DataciteFailures', () => {
  const password = 'hunter2-secret';
  const failures = new DataciteFailures({
    host: 'api.test.datacite.org',
    apiUrl: 'https://api.test.datacite.org',
    repositoryId: 'X.Y',
    prefix: '10.5072',
    timeoutMs: 1000,
    redact: (text) => redactSecrets(text, [password]),
  });
  const answer = (statusCode: number, body: unknown) =>
    failures.answer(
      { operation: 'publish', doi: '10.5072/ABCD-1234', idempotent: true },
      { statusCode, headers: {}, retryCount: 0 } as Response<string>,
      { kind: 'json', value: body },
    );

  it('masks the password when DataCite quotes it back, in the message and the details', () => {
    const error = answer(422, { errors: [{ source: 'url', title: `URL https://x.org/?p=${password} is not valid` }] });
    expect(error).toBeInstanceOf(ProviderRejected);
    expect(error.message).toBe(
      'DataCite refused publish of 10.5072/ABCD-1234 (HTTP 422: url: URL https://x.org/?p=[redacted] is not valid)',
    );
    expect(JSON.stringify(error)).not.toContain(password);
  });

  it('calls a 4xx without the documented errors list a protocol error', () => {
    expect(answer(422, { message: 'nope' }).code).toBe('provider_protocol');
  });
});

describe('toRegistrarRecord', () => {
  const attributes = (extra: Partial<DoiAttributes>): DoiAttributes => ({
    doi: '10.5072/abcd-1234',
    state: 'findable',
    ...extra,
  });

  it('takes the main title (the one without titleType), names from their parts, publisher objects, years as text', () => {
    const record = toRegistrarRecord(
      '10.5072/ABCD-1234',
      attributes({
        url: 'https://example.org/landing',
        titles: [
          { title: 'A subtitle', titleType: 'Subtitle' },
          { title: 'The title', titleType: null },
        ],
        creators: [{ name: 'Doe, Jane' }, { name: null, familyName: 'Roe', givenName: 'Rick' }],
        publisher: { name: 'Rutgers University Libraries' },
        publicationYear: 2024,
        types: { resourceTypeGeneral: 'Dataset' },
      }),
    );
    expect(record).toEqual({
      doi: '10.5072/ABCD-1234',
      state: 'findable',
      url: 'https://example.org/landing',
      metadata: {
        title: 'The title',
        creators: ['Doe, Jane', 'Roe, Rick'],
        publisher: 'Rutgers University Libraries',
        publicationYear: '2024',
        resourceTypeGeneral: 'Dataset',
      },
    });
  });

  it('falls back to the first title when every title has a type, and leaves out what the registrar lacks', () => {
    const record = toRegistrarRecord(
      '10.5072/ABCD-1234',
      attributes({ titles: [{ title: 'Only a subtitle', titleType: 'Subtitle' }], publisher: null, url: null }),
    );
    expect(record).toEqual({
      doi: '10.5072/ABCD-1234',
      state: 'findable',
      metadata: { title: 'Only a subtitle', creators: [] },
    });
  });

  it('has no metadata for a record without titles or creators', () => {
    expect(
      toRegistrarRecord('10.5072/ABCD-1234', attributes({ state: 'draft', titles: [], creators: [], publisher: 'P' }))
        .metadata,
    ).toBeUndefined();
  });
});
