/**
 * The landing page and the tombstone as HTML: no JavaScript, one inline style sheet (allowed by
 * its hash in the Content-Security-Policy), every metadata value escaped and isolated (`<bdi>`,
 * `dir="auto"`) so right-to-left text cannot reorder what is around it.
 */
import { createHash } from 'node:crypto';
import escapeHtml from 'escape-html';
import { highwireTagsOf } from '../domain/landing/highwireTags.js';
import type { LandingLink, LandingPerson, LandingRecord } from '../domain/landing/landingRecord.js';
import { schemaOrgOf } from '../domain/landing/schemaOrgDataset.js';
import type { FolderFiles } from '../ports/dataStore.js';
import { LANDING_FORMATS, type LandingFormat } from './landingFormats.js';

// Colours meet WCAG AA contrast on white (text 16:1, muted 7:1, links 8:1).
const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}
header,main,footer{max-width:52rem;margin:0 auto;padding:1rem 1.25rem}
header{border-bottom:1px solid #ccc}footer{border-top:1px solid #ccc;color:#4d4d4d;font-size:.9rem}
a{color:#0b4f9c}h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0}h2{font-size:1.25rem;margin-top:2rem}
.muted{color:#4d4d4d}ul.people{list-style:none;padding:0}ul.people li{margin:.25rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.description{white-space:pre-line}blockquote{margin:0;padding:.75rem 1rem;background:#f3f5f8;border-left:4px solid #0b4f9c}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ddd}
td.size,th.size{text-align:right;white-space:nowrap}caption{text-align:left;color:#4d4d4d;padding-bottom:.25rem}
.withdrawn{border:2px solid #a4000f;padding:.75rem 1rem}
`.trim();

/** The Content-Security-Policy every landing response carries: nothing but this page's own style. */
export const LANDING_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const e = (text: string) => escapeHtml(text);
/** Inline metadata text, isolated from the text around it. */
const bdi = (text: string) => `<bdi>${e(text)}</bdi>`;
const linkTo = (link: LandingLink) => (link.href ? `<a href="${e(link.href)}">${bdi(link.text)}</a>` : bdi(link.text));

/** A size as people read it: 1 decimal place in kB, MB, GB (powers of 1000, as file managers show). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 'B';
  for (const next of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}

/** JSON inside `<script>`: no `<`, `>` or `&` can close the element or start markup. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

function person(p: LandingPerson, role?: string): string {
  const orcid = p.orcid ? ` <a href="${e(p.orcid)}" aria-label="ORCID iD of ${e(p.name)}">ORCID iD</a>` : '';
  const affiliations =
    p.affiliations.length > 0 ? ` <span class="muted">(${p.affiliations.map(bdi).join('; ')})</span>` : '';
  return `<li>${bdi(p.name)}${role ? ` <span class="muted">${e(role)}</span>` : ''}${orcid}${affiliations}</li>`;
}

function section(id: string, heading: string, body: string): string {
  return `<section aria-labelledby="${id}"><h2 id="${id}">${e(heading)}</h2>${body}</section>`;
}

const listOf = (items: string[]) => `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;

function facts(record: LandingRecord): string {
  const rows: [string, string][] = [
    ['DOI', `<a href="${e(record.doiUrl)}">${e(record.doiUrl)}</a>`],
    ...(record.ark ? [['ARK', e(record.ark)] as [string, string]] : []),
    ['Publisher', bdi(record.publisher)],
    ['Publication year', e(record.year)],
    [
      'Resource type',
      record.resourceType && record.resourceType !== record.resourceTypeGeneral
        ? `${bdi(record.resourceType)} (${e(record.resourceTypeGeneral)})`
        : e(record.resourceTypeGeneral),
    ],
    ...(record.version ? [['Version', bdi(record.version)] as [string, string]] : []),
    ...(record.language ? [['Language', e(record.language)] as [string, string]] : []),
  ];
  return `<dl class="facts">${rows.map(([term, value]) => `<dt>${e(term)}</dt><dd>${value}</dd>`).join('')}</dl>`;
}

function filesSection(files: FolderFiles): string {
  const summary = `${files.count} ${files.count === 1 ? 'file' : 'files'}, ${formatBytes(files.totalBytes)} in total${
    files.count > files.files.length ? ` (the first ${files.files.length} listed)` : ''
  }`;
  if (files.count === 0) return section('files', 'Files', '<p>No files.</p>');
  const rows = files.files
    .map((f) => `<tr><td>${bdi(f.path)}</td><td class="size">${e(formatBytes(f.bytes))}</td></tr>`)
    .join('');
  return section(
    'files',
    'Files',
    `<table><caption>${e(summary)}</caption><thead><tr><th scope="col">Name</th><th scope="col" class="size">Size</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

const DOWNLOADS: LandingFormat[] = ['bibtex', 'ris', 'csl', 'datacite-xml', 'datacite-json', 'jsonld'];

function citeSection(citation: string, doi: string): string {
  const fileStem = doi.replace(/[^A-Za-z0-9._-]/g, '_');
  const links = DOWNLOADS.map((format) => {
    const { extension, label } = LANDING_FORMATS[format];
    return `<a href="?format=${format}" download="${e(`${fileStem}.${extension}`)}">${e(label)}</a>`;
  });
  return section(
    'cite',
    'How to cite',
    `<blockquote><p dir="auto">${e(citation)}</p></blockquote><p>Download the citation or the metadata:</p>${listOf(links)}`,
  );
}

function head(title: string, record: LandingRecord | undefined, landingUrl: string | undefined): string {
  const description = record?.descriptions.find((d) => d.type === 'Abstract')?.text;
  const meta = record
    ? [
        `<link rel="canonical" href="${e(record.doiUrl)}">`,
        ...(description ? [`<meta name="description" content="${e(description.slice(0, 300))}">`] : []),
        ...highwireTagsOf(record).map(([name, content]) => `<meta name="${e(name)}" content="${e(content)}">`),
        ...DOWNLOADS.map(
          (f) => `<link rel="alternate" type="${e(LANDING_FORMATS[f].mediaType)}" href="?format=${e(f)}">`,
        ),
        `<script type="application/ld+json">${scriptJson(schemaOrgOf(record, landingUrl ?? record.doiUrl))}</script>`,
      ]
    : [];
  return `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(title)}</title>${meta.join('')}<style>${STYLE}</style></head>`;
}

function page(headHtml: string, publisher: string | undefined, main: string): string {
  return `<!doctype html><html lang="en">${headHtml}<body><header><p>${publisher ? bdi(publisher) : 'Research data'} · data repository</p></header><main>${main}</main><footer><p>Persistent identifier landing page served by pidbot.</p></footer></body></html>`;
}

export interface FindablePage {
  record: LandingRecord;
  landingUrl: string;
  files: FolderFiles;
  citation: string;
}

export function landingPageHtml({ record, landingUrl, files, citation }: FindablePage): string {
  const titleLang = record.titleLang ? ` lang="${e(record.titleLang)}"` : '';
  const parts = [
    `<h1 dir="auto"${titleLang}>${e(record.title)}</h1>`,
    ...record.otherTitles.map((t) => `<p dir="auto" class="muted">${e(t.titleType)}: ${bdi(t.title)}</p>`),
    `<ul class="people" aria-label="Creators">${record.creators.map((c) => person(c)).join('')}</ul>`,
    facts(record),
    record.descriptions.length > 0
      ? section(
          'description',
          'Description',
          record.descriptions
            .map(
              (d) =>
                `<p class="description" dir="auto">${d.type === 'Abstract' ? '' : `<strong>${e(d.type)}:</strong> `}${e(d.text)}</p>`,
            )
            .join(''),
        )
      : '',
    filesSection(files),
    citeSection(citation, record.doi),
    record.subjects.length > 0 ? section('subjects', 'Subjects', listOf(record.subjects.map(linkTo))) : '',
    record.rights.length > 0 ? section('rights', 'Rights', listOf(record.rights.map(linkTo))) : '',
    record.funding.length > 0
      ? section(
          'funding',
          'Funding',
          listOf(record.funding.map((f) => `${linkTo(f.funder)}${f.award ? `: ${linkTo(f.award)}` : ''}`)),
        )
      : '',
    record.related.length > 0
      ? section(
          'related',
          'Related works',
          listOf(record.related.map((r) => `${e(r.relationType)} ${e(r.identifierType)}: ${linkTo(r.identifier)}`)),
        )
      : '',
    record.contributors.length > 0
      ? section(
          'contributors',
          'Contributors',
          `<ul class="people">${record.contributors.map((c) => person(c, c.role)).join('')}</ul>`,
        )
      : '',
    record.dates.length > 0
      ? section('dates', 'Dates', listOf(record.dates.map((d) => `${e(d.type)}: ${bdi(d.date)}`)))
      : '',
  ];
  const title = `${record.title} | ${record.publisher}`;
  return page(head(title, record, landingUrl), record.publisher, `<article>${parts.join('')}</article>`);
}

export interface TombstonePage {
  doi: string;
  reason: string;
  record?: LandingRecord;
  citation?: string;
}

export function tombstoneHtml({ doi, reason, record, citation }: TombstonePage): string {
  const title = `Withdrawn: ${record?.title ?? doi}`;
  const main = [
    `<h1 dir="auto">${record ? `Withdrawn: ${bdi(record.title)}` : `Withdrawn: ${e(doi)}`}</h1>`,
    `<div class="withdrawn"><p>The resource identified by <strong>${e(doi)}</strong> has been withdrawn and its files are no longer available.</p>`,
    `<h2 id="reason">Reason</h2><p dir="auto">${e(reason)}</p></div>`,
    citation ? section('cite', 'How to cite', `<blockquote><p dir="auto">${e(citation)}</p></blockquote>`) : '',
  ].join('');
  return page(head(title, undefined, undefined), record?.publisher, main);
}

export function notFoundHtml(identifier: string): string {
  return page(
    head(`Not found: ${identifier}`, undefined, undefined),
    undefined,
    `<h1 dir="auto">No landing page for ${bdi(identifier)}</h1><p>This repository has no published resource with that identifier. Check it for typing mistakes, or ask the repository's curators.</p>`,
  );
}
