// `node --import ./dist/scripts/builtCode/register.js dist/services/launcher/src/main.js`: runs
// the built JavaScript with plain Node. Workspace packages export their TypeScript sources
// (`@gsr/db` -> packages/db/src/index.ts, what tsx, tsc and the tests use); this hook sends
// those imports to their compiled twins under dist/ instead.
import { register } from 'node:module'

register('./resolveToBuilt.js', import.meta.url)
