// Moved to src/demo/generate-org.ts (the demo organisation `serve` loads); kept so bench imports resolve.
export * from '../src/demo/generate-org.js';
