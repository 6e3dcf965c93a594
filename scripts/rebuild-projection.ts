#!/usr/bin/env -S npx tsx
// Kept for existing instructions: the same as `npm run gsr -- rebuild <projection> | --list`
// (scripts/gsr/rebuildCommand.ts; `--help` explains).
import { runGsr } from './gsr/runGsr.ts'

process.exitCode = await runGsr(['rebuild', ...process.argv.slice(2)])
