export { adminService } from './adminService.ts'
export { ensureAdministrator } from './ensureAdministrator.ts'
