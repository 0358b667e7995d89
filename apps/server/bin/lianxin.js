#!/usr/bin/env node
// `npx lianxin …`: the administration command, in TypeScript through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/lianxin.ts');
process.exitCode = await run(process.argv.slice(2));
