export { cylindersService } from './cylindersService.ts'
export { checkBeforeFill } from './checkBeforeFill.ts'
export { recordFills, stationFillsStream } from './recordFills.ts'
/** The shape of one fill (POST /fills, and each entry of POST /fills/batch). */
export { FillBody } from './routes/fillSchemas.ts'
export { importCylinders, type CylinderImportKind, type CylinderImportReport } from './import/importCylinders.ts'
export { cylinderCsvColumns, operatorCertificateCsvColumns } from './import/cylinderCsvRows.ts'
