import type { IdentifierVerification } from '../../services/verifyIdentifier.js';
import type { MetadataComparison } from '../../services/compareMetadata.js';
import type { MintResult } from '../../services/mintIdentifier.js';
import { doiUrl } from '../../domain/identifiers/doi.js';
import { LIMITS, capBlocks, context, escapeMrkdwn, section, truncate, type Block } from './blockKit.js';
import type { Reply } from './commandReplies.js';

export function mintedReply(result: MintResult): Reply {
  const resumed = result.resumedFrom ? ` (resumed from step “${escapeMrkdwn(result.resumedFrom)}”)` : '';
  return { text: `:white_check_mark: Request #${result.request.id} is minted: <${doiUrl(result.identifier.doi)}|${escapeMrkdwn(result.identifier.doi)}>${resumed}.` };
}

export function verificationReply(requestId: number, verification: IdentifierVerification): Reply {
  const { identifier, result } = verification;
  if (result.ok) return { text: `:white_check_mark: ${escapeMrkdwn(identifier.doi)} (#${requestId}) verifies: ${escapeMrkdwn(result.message)}` };
  const details = [result.target && `target ${escapeMrkdwn(result.target)}`, result.doi && `registered DOI ${escapeMrkdwn(result.doi)}`].filter(Boolean).join(', ');
  return { text: truncate(`:x: ${escapeMrkdwn(identifier.doi)} (#${requestId}) does not verify: ${escapeMrkdwn(result.message)}${details ? ` (${details})` : ''}`, 3000) };
}

/** Repository and registrar metadata side by side, differences marked. */
export function metadataComparisonReply(requestId: number, comparison: MetadataComparison): Reply {
  const sideNote = (name: string, side: MetadataComparison['repository']) => (side.ok ? [] : [context(`*${name}:* ${escapeMrkdwn(side.error)}`)]);
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
    text: `Metadata of ${comparison.identifier.doi} (#${requestId}): ${differing} element(s) differ`,
    blocks: capBlocks(
      [section(`*${escapeMrkdwn(comparison.identifier.doi)}* (#${requestId}): ${differing} element(s) differ between the repository and the registrar.`), ...sideNote('Repository', comparison.repository), ...sideNote('Registrar', comparison.registrar), ...rows],
      LIMITS.blocksPerMessage,
      (n) => `${n} more element(s) not shown.`,
    ),
  };
}
