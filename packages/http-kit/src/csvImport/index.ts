export { csvCharset, csvCharsetLabels, CsvDecodingError, decodeCsv, type CsvCharset } from './decodeCsv.ts'
export { CsvUploadTooLargeError, spoolCsvUpload, type SpooledCsv } from './spoolCsvUpload.ts'
export {
  importCsv,
  zodRowErrors,
  domainRowError,
  windowRowErrors,
  decideAfterHistory,
  type CsvImportRunOptions,
  type CsvImportOptions,
  type CsvImportResult,
  type ImportProgress,
  type PreparedRow,
  type RowClaim,
  type RowError,
} from './importCsv.ts'
export {
  csvImportRoute,
  ImportReport,
  maxReportedImportErrors,
  type CsvImportRoute,
  type CsvImportRun,
} from './csvImportRoute.ts'
