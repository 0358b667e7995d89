#!/usr/bin/env node
// Runs the TypeScript server through tsx's loader (no separate build step for the server).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/server.ts');
await main();
