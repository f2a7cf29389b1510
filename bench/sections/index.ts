/** Every bench section, in the order `npm run bench` runs them. Add yours here. */
import type { BenchSection } from '../benchRow.js';
import * as appHome from './appHome.js';
import * as database from './database.js';
import * as find from './find.js';
import * as fixity from './fixity.js';
import * as landing from './landing.js';
import * as mint from './mint.js';
import * as purl from './purl.js';
import * as replicas from './replicas.js';
import * as slackAck from './slackAck.js';
import * as sweep from './sweep.js';

export const sections: BenchSection[] = [
  { name: 'purl', run: purl.run },
  { name: 'sweep', run: sweep.run },
  { name: 'database', run: database.run },
  { name: 'mint', run: mint.run },
  { name: 'slack ack', run: slackAck.run },
  { name: 'landing', run: landing.run },
  { name: 'fixity', run: fixity.run },
  { name: 'find', run: find.run },
  { name: 'app home', run: appHome.run },
  { name: 'replicas', run: replicas.run },
];
