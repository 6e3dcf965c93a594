export {
  checkCommit,
  startEsdbTestDouble,
  type DoubleEvent,
  type EsdbTestDouble,
  type EsdbTestDoubleOptions,
} from './esdbTestDouble.ts'
