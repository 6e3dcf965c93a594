import t from 'tap'
import { fuzzEveryRoute } from './fuzzEveryRoute.ts'

// Hostile input to every route (what and why: fuzzEveryRoute.ts); this file runs one part of it.
fuzzEveryRoute(t, ['writes'], ['postgres'])
