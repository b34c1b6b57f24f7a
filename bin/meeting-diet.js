#!/usr/bin/env node
// Runs the TypeScript CLI straight from src/ (no build step) through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
