/** The entry of the compiled server (`npm start` bundles it to apps/server/dist/main.js). */
import { main } from './server';

await main();
