/**
 * `npm run purl-sim`: the PURL simulator as a standalone server.
 * First line of output is the base URL, so scripts can read it.
 * Environment: PURL_SIM_PORT (default 8088), PURL_API_KEY (default: generated
 * and printed), PURL_SHOULDER (default 10.5072/FK2), PURL_SIM_STATE_FILE
 * (optional JSON file so identifiers survive a restart), PURL_SIM_REPOSITORY_URL
 * (where the repository side is harvested from, with {itemId}: e.g. pidbot's
 * http://localhost:3000/items/{itemId}/datacite.json; default: minimal metadata).
 */
import { portFromEnv, serveUntilSignal } from '../serveUntilSignal.js';
import { startPurlSimulator } from './purlSimulator.js';
import { harvestFrom } from './repositoryHarvest.js';

const givenKey = process.env.PURL_API_KEY || undefined;
const simulator = await startPurlSimulator({
  port: portFromEnv('PURL_SIM_PORT', 8088),
  ...(givenKey ? { apiKey: givenKey } : {}),
  ...(process.env.PURL_SHOULDER ? { shoulder: process.env.PURL_SHOULDER } : {}),
  ...(process.env.PURL_SIM_STATE_FILE ? { stateFile: process.env.PURL_SIM_STATE_FILE } : {}),
  ...(process.env.PURL_SIM_REPOSITORY_URL ? { itemMetadata: harvestFrom(process.env.PURL_SIM_REPOSITORY_URL) } : {}),
});

serveUntilSignal(simulator, 'the PURL simulator', [
  // Printing a key we generated is the point (the operator has to pass it to pidbot); a given key is never echoed.
  givenKey
    ? 'Using the key from PURL_API_KEY.'
    : `Generated key (set PURL_API_KEY to this in pidbot): ${simulator.apiKey}`,
  `Shoulder doi:${simulator.shoulder}; state ${process.env.PURL_SIM_STATE_FILE ? `kept in ${process.env.PURL_SIM_STATE_FILE}` : 'in memory only'}. Ctrl-C stops.`,
  `Repository side: ${process.env.PURL_SIM_REPOSITORY_URL ?? 'minimal metadata per item (set PURL_SIM_REPOSITORY_URL to harvest pidbot)'}.`,
]);
