#!/usr/bin/env -S npx tsx
/**
 * The one command line: `npm run gsr -- <command> [options]`; `npm run gsr -- help` lists the
 * commands, `<command> --help` (or `help <command>`) explains one and does nothing else.
 * Commands: scripts/gsr/commands.ts.
 */
import { runGsr } from './gsr/runGsr.ts'

process.exitCode = await runGsr(process.argv.slice(2))
