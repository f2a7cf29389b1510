import { requestedIdentifier, requestedIdentifierUrl } from '../../domain/identifier.js';
import { stateMatches } from '../../domain/registration.js';
import type { MetadataComparison } from '../../services/identifiers/compareMetadata.js';
import type { RegistrarState } from '../../services/identifiers/registrarState.js';
import type { IdentifierVerification } from '../../services/identifiers/verifyIdentifier.js';
import type { MintResult } from '../../services/minting/mintIdentifier.js';
import { type Block, capBlocks, context, escapeMrkdwn, LIMITS, mrkdwnLink, section, truncate } from './blockKit.js';
import type { Reply } from './commandReplies.js';

export function mintedReply(result: MintResult): Reply {
  const resumed = result.resumedFrom ? ` (resumed from step “${escapeMrkdwn(result.resumedFrom)}”)` : '';
  const { request, identifier } = result;
  return {
    text: `:white_check_mark: Request #${request.id} is minted: ${mrkdwnLink(requestedIdentifierUrl(request.type, identifier), requestedIdentifier(request.type, identifier))}${resumed}.`,
  };
}

export function verificationReply(requestId: number, verification: IdentifierVerification): Reply {
  const { identifier, result } = verification;
  if (result.ok)
    return {
      text: `:white_check_mark: ${escapeMrkdwn(identifier.doi)} (#${requestId}) verifies: ${escapeMrkdwn(result.message)}`,
    };
  const differences = result.differences.map((d) => `• ${escapeMrkdwn(d)}`).join('\n');
  return {
    text: truncate(
      `:x: ${escapeMrkdwn(identifier.doi)} (#${requestId}) does not verify; ${result.differences.length} difference(s):\n${differences}`,
      3000,
    ),
  };
}

/** One line on the identifier's state at the registrar now, beside pidbot's record; a mismatch is marked. */
export function registrarStateLine({ identifier, registrar }: RegistrarState): string {
  const matches = identifier.state !== 'deleted' && stateMatches(identifier.state, registrar.state);
  const url = registrar.url ? ` · target ${escapeMrkdwn(registrar.url)}` : '';
  return `${matches ? ':white_check_mark:' : ':warning:'} ${escapeMrkdwn(identifier.doi)} is *${escapeMrkdwn(registrar.state)}* at the registrar (pidbot's record: ${escapeMrkdwn(identifier.state)})${url}`;
}

export function registrarStateReply(requestId: number, state: RegistrarState): Reply {
  return { text: `#${requestId}: ${registrarStateLine(state)}` };
}

/** Repository and registrar metadata side by side, differences marked. */
export function metadataComparisonReply(requestId: number, comparison: MetadataComparison): Reply {
  const sideNote = (name: string, side: MetadataComparison['repository']) =>
    side.ok ? [] : [context(`*${name}:* ${escapeMrkdwn(side.error)}`)];
  const rows: Block[] = comparison.rows.map((row) =>
    section(
      truncate(
        `${row.same ? ':white_check_mark:' : ':warning:'} *${escapeMrkdwn(row.name)}*\n` +
          `repository: ${escapeMrkdwn(row.repository.join(' | ') || '—')}\nregistrar: ${escapeMrkdwn(row.registrar.join(' | ') || '—')}`,
        LIMITS.textObject,
      ),
    ),
  );
  const differing = comparison.rows.filter((r) => !r.same).length;
  return {
    text: `Metadata of ${escapeMrkdwn(comparison.identifier.doi)} (#${requestId}): ${differing} property(ies) differ`,
    blocks: capBlocks(
      [
        section(
          `*${escapeMrkdwn(comparison.identifier.doi)}* (#${requestId}): ${differing} property(ies) differ between the folder and the registrar.`,
        ),
        ...sideNote('Repository', comparison.repository),
        ...sideNote('Registrar', comparison.registrar),
        ...rows,
      ],
      LIMITS.blocksPerMessage,
      (n) => `${n} more property(ies) not shown.`,
    ),
  };
}
