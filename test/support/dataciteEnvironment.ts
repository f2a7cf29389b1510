import type { DataciteSimulator } from '../../src/sandbox/datacite/dataciteSimulator.js';

/** The landing pages the DataCite tests register: every placeholder filled, the folder name encoded. */
export const TEST_LANDING_URL_TEMPLATE = 'https://data.example.edu/datasets/{folder}?doi={doi}&request={requestId}';

/** pidbot configured with exactly the variables to mint through `sim`. */
export function dataciteEnvironment(
  sim: DataciteSimulator,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PID_PROVIDER: 'datacite',
    DATACITE_API_URL: sim.baseUrl,
    DATACITE_REPOSITORY_ID: sim.repositoryId,
    DATACITE_PASSWORD: sim.password,
    DATACITE_PREFIX: sim.prefix,
    LANDING_URL_TEMPLATE: TEST_LANDING_URL_TEMPLATE,
    ...extra,
  };
}
