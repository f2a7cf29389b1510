#!/usr/bin/env node
// Runs the TypeScript CLI straight from a checkout: tsx compiles on the fly, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
