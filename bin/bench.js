#!/usr/bin/env node
// `npm run bench`: runs the TypeScript benchmark harness straight from bench/ through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../bench/run.ts');
