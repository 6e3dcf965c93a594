export type { Projection } from './Projection.ts'
