import type { Command } from './Command.ts'
import { anchorCommand } from './anchorCommand.ts'
import { bootstrapAdminCommand } from './bootstrapAdminCommand.ts'
import { importCommand } from './importCommand.ts'
import { proveCommand } from './proveCommand.ts'
import { rebuildCommand } from './rebuildCommand.ts'
import { replayPlanCommand } from './replayPlanCommand.ts'
import { verifyBundleCommand } from './verifyBundleCommand.ts'
import { verifyLogCommand } from './verifyLogCommand.ts'

/** Every `npm run gsr -- <command>`, in the order `help` lists them. */
export const commands: readonly Command[] = [
  verifyLogCommand,
  verifyBundleCommand,
  anchorCommand,
  proveCommand,
  importCommand,
  bootstrapAdminCommand,
  rebuildCommand,
  replayPlanCommand,
]
