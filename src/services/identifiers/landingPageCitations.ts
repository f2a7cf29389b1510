/**
 * Citations of a landing record, made by citation-js from its CSL-JSON item: DataCite's
 * recommended form for "How to cite", APA for `text/x-bibliography` (DataCite's content
 * negotiation default), BibTeX and RIS for reference managers. Plain text only: the page escapes
 * it, so markup in a title (which citeproc would pass through as HTML) stays text.
 */
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-ris';
import type { CslItem } from '../../domain/landing/cslItem.js';

const DATACITE_TEMPLATE = 'datacite';

/**
 * DataCite's recommended citation, "Creator (PublicationYear): Title. Version. Publisher.
 * ResourceType. Identifier", as a CSL style so the citation library formats (and escapes) it.
 */
const DATACITE_STYLE = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="en-US">
  <info><title>DataCite recommended citation</title><id>pidbot-datacite</id><updated>2026-11-26T00:00:00+00:00</updated></info>
  <macro name="creators">
    <names variable="author"><name name-as-sort-order="all" sort-separator=", " initialize-with=". " delimiter="; " delimiter-precedes-last="always"/></names>
  </macro>
  <citation><layout><text macro="creators"/></layout></citation>
  <bibliography>
    <layout>
      <group delimiter=" ">
        <text macro="creators"/>
        <date variable="issued" prefix="(" suffix="):"><date-part name="year"/></date>
      </group>
      <group delimiter=". " prefix=" " suffix=".">
        <text variable="title"/>
        <text variable="version" prefix="Version "/>
        <text variable="publisher"/>
        <text variable="genre"/>
      </group>
      <text variable="DOI" prefix=" https://doi.org/"/>
    </layout>
  </bibliography>
</style>`;

const csl = plugins.config.get('@csl');
if (!csl.templates.has(DATACITE_TEMPLATE)) csl.templates.add(DATACITE_TEMPLATE, DATACITE_STYLE);

export type CitationFormat = 'datacite-text' | 'apa-text' | 'bibtex' | 'ris';

export function citationOf(item: CslItem, format: CitationFormat): string {
  // A formatted citation shows neither abstract nor keywords; parsing them for it would double its cost.
  const { abstract: _abstract, keyword: _keyword, ...cited } = item;
  switch (format) {
    case 'datacite-text':
      return new Cite(cited)
        .format('bibliography', { format: 'text', template: DATACITE_TEMPLATE, lang: 'en-US' })
        .trim();
    case 'apa-text':
      return new Cite(cited).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }).trim();
    case 'bibtex':
      return new Cite(item).format('bibtex', { format: 'text' });
    case 'ris':
      return new Cite(item).format('ris', { format: 'text' });
  }
}
