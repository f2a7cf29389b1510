import { wholeNumber } from '../arguments.js';
import { defineCommand } from '../command.js';

export const purlSim = defineCommand({
  words: ['purl-sim'],
  summary: 'Run the PURL simulator as a server (the same as npm run purl-sim); Ctrl-C stops it.',
  options: {
    port: {
      type: 'string',
      placeholder: 'n',
      description: 'port to listen on (default PURL_SIM_PORT or 8088; 0 picks a free one)',
    },
  },
  notes:
    'The first line printed is the base URL. Environment: PURL_API_KEY (default: generated and printed),\n' +
    'PURL_SHOULDER, PURL_SIM_STATE_FILE (keeps identifiers across restarts).',
  async run({ options }) {
    if (options.port !== undefined) process.env.PURL_SIM_PORT = String(wholeNumber(options.port, '--port'));
    // The simulator's entry point is top-level code that starts the server and handles signals; importing it runs it.
    await import('../../sandbox/purl/main.js');
  },
});
