// zod/v4/core, not 'zod': the setting is global, and the whole of Zod stays out of the first page.
import { config } from 'zod/v4/core';

/**
 * Zod compiles fast object parsers with `new Function`, and probes whether it may by calling
 * `Function('')` when the first object schema is built. Under our Content-Security-Policy
 * (`script-src 'self'`, no 'unsafe-eval') that probe is a CSP violation on every page. Imported
 * first by main.tsx, before any schema exists, so Zod never tries.
 */
config({ jitless: true });
