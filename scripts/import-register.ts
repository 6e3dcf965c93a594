#!/usr/bin/env -S npx tsx
// Kept for existing instructions: the same as `npm run gsr -- import <file.csv> [options]`
// (scripts/gsr/importCommand.ts; `--help` explains).
import { runGsr } from './gsr/runGsr.ts'

process.exitCode = await runGsr(['import', ...process.argv.slice(2)])
