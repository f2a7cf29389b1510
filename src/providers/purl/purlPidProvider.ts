/**
 * The RUcore PURL service behind the neutral PID port. The registrar takes
 * its metadata from the repository side: `update` makes it harvest the item
 * from pidbot (`GET /items/{itemId}/datacite.xml`, which serves exactly the
 * XML handed to `publish`/`updateMetadata` here), so the payload's XML is not
 * sent by this adapter, and the PURL API has no target-URL argument.
 */
import { ProviderProtocolError, ProviderRejected } from '../../domain/errors.js';
import { looksLikeDoi, normaliseDoi } from '../../domain/identifiers/doi.js';
import type { MetadataSummary } from '../../domain/metadata/registrarPayload.js';
import type {
  IdentifierRef,
  IdentifierType,
  PidProvider,
  PidState,
  RegistrarRecord,
  ReservedIdentifier,
  SystemStatus,
} from '../../ports/pidProvider.js';
import type { MetadataElement, PurlState, PurlVerifyResult } from './purlTypes.js';
import type { RucorePurlClient } from './rucorePurlClient.js';

const NEUTRAL_STATE: Record<PurlState, PidState> = {
  reserved: 'draft',
  public: 'findable',
  unavailable: 'unavailable',
};

export class PurlPidProvider implements PidProvider {
  readonly identifierTypes: readonly IdentifierType[] = ['DOI', 'ARK'];
  readonly description: string;

  constructor(
    private readonly client: RucorePurlClient,
    baseUrl: string,
  ) {
    this.description = `PURL service at ${new URL(baseUrl).host}`;
  }

  /** The service assigns the identifier (a suffix can be proposed, but the item id already makes a create recoverable). */
  planIdentifier(): undefined {
    return undefined;
  }

  /**
   * Creates the item's identifier. The item id is journalled before the call, so
   * "item already has a DOI" (409) is our own earlier create whose answer was
   * lost: its structured `<doi>` is adopted. The ARK of such a create is not recoverable.
   */
  async reserve(itemId: string): Promise<ReservedIdentifier> {
    try {
      return await this.client.create(itemId);
    } catch (error) {
      if (!(error instanceof ProviderRejected && error.statusCode === 409)) throw error;
      return { doi: this.structuredDoi(itemId, error) };
    }
  }

  /**
   * The identifier the service holds for the item, read from a structured field
   * only, never from a message's text: the state method says whether the item is
   * known; verify's mismatch answer names the registered DOI in `<doi>` (the usual
   * case, as the item's metadata does not carry it yet); otherwise a create of the
   * known item answers 409 with its `<doi>`.
   */
  async findReserved(itemId: string): Promise<ReservedIdentifier | undefined> {
    try {
      await this.client.currentState(itemId);
    } catch (error) {
      if (error instanceof ProviderRejected && error.statusCode === 404) return undefined;
      throw error;
    }
    const verified = await this.verifyKnown(itemId);
    if (!verified.ok && verified.doi !== undefined && looksLikeDoi(verified.doi)) return { doi: verified.doi };
    return this.reserve(itemId);
  }

  async publish(ref: IdentifierRef): Promise<void> {
    await this.client.update(ref.itemId);
    // A state change needs the metadata in place (update above); a repeated publish finds it public already.
    if ((await this.client.currentState(ref.itemId)) === 'reserved') await this.client.setState(ref.itemId, 'public');
  }

  async updateMetadata(ref: IdentifierRef): Promise<void> {
    await this.client.update(ref.itemId);
  }

  async withdraw(ref: IdentifierRef, reason: string): Promise<void> {
    await this.client.setState(ref.itemId, 'unavailable', reason);
  }

  async deleteDraft(ref: IdentifierRef): Promise<void> {
    await this.client.delete(ref.itemId);
  }

  async read(ref: IdentifierRef): Promise<RegistrarRecord> {
    // The state method says whether the service knows the item at all (404 = unknown); verify and metadata then describe it.
    const state = await this.client.currentState(ref.itemId);
    const [verified, metadata] = await Promise.all([this.verifyKnown(ref.itemId), this.registrarMetadata(ref.doi)]);
    const record: RegistrarRecord = { doi: ref.doi, state: NEUTRAL_STATE[state] };
    // Verify's <target> is the repository's own URL for the item, not a landing page pidbot registered: it goes with the problem.
    if (!verified.ok)
      record.problems = [
        verified.target === undefined ? verified.message : `${verified.message} (repository target ${verified.target})`,
      ];
    if (metadata !== undefined) record.metadata = metadata;
    return record;
  }

  status(subsystem?: string): Promise<SystemStatus> {
    return this.client.systemStatus(subsystem);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  /** The DOI in a refusal's `<doi>` element; a refusal without one leaves the curator to look the item up. */
  private structuredDoi(itemId: string, refusal: ProviderRejected): string {
    const named = refusal.details.doi;
    if (named !== undefined && looksLikeDoi(named)) return normaliseDoi(named);
    throw new ProviderProtocolError(
      `the ${this.description} already holds an identifier for item ${itemId}, but its answer has no <doi> naming it (${refusal.message}); look it up at the service before minting again`,
    );
  }

  /** Verify of an item the state method knows: a "not found" now contradicts it, so it is no verdict. */
  private async verifyKnown(itemId: string): Promise<PurlVerifyResult> {
    try {
      return await this.client.verify(itemId);
    } catch (error) {
      if (!(error instanceof ProviderRejected && error.statusCode === 404)) throw error;
      throw new ProviderProtocolError(
        `the ${this.description} reports a state for item ${itemId}, but its verify answers "not found" (${error.message}); ask its operators`,
      );
    }
  }

  /** The registrar's metadata lines as the mandatory properties; undefined while it holds none (the service answers 400). */
  private async registrarMetadata(doi: string): Promise<Partial<MetadataSummary> | undefined> {
    try {
      return summaryOf((await this.client.metadata(doi, 'registrar')).elements);
    } catch (error) {
      if (error instanceof ProviderRejected && error.statusCode === 400) return undefined;
      throw error;
    }
  }
}

function summaryOf(elements: readonly MetadataElement[]): Partial<MetadataSummary> {
  const values = (name: string) => elements.filter((e) => e.name === name).map((e) => e.value);
  const first = (name: string) => values(name)[0];
  const summary: Partial<MetadataSummary> = { creators: values('creator') };
  const fields = {
    title: first('title'),
    publisher: first('publisher'),
    publicationYear: first('publicationYear'),
    resourceTypeGeneral: first('resourceTypeGeneral'),
  };
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) summary[key as keyof typeof fields] = value;
  return summary;
}
