export { enforcementService } from './enforcementService.ts'
