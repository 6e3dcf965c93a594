#!/usr/bin/env -S npx tsx
// Kept for existing instructions: the same as `npm run gsr -- bootstrap-admin [--force] [--region 330000]`
// (scripts/gsr/bootstrapAdminCommand.ts; `--help` explains, and creates nothing).
import { runGsr } from './gsr/runGsr.ts'

process.exitCode = await runGsr(['bootstrap-admin', ...process.argv.slice(2)])
