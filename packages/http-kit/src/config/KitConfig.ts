import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { loadAnchorKey } from '@gsr/event-store'
import { estimateSecretBits } from './estimateSecretBits.ts'

export const modes = ['embedded', 'postgres', 'cluster'] as const
export type Mode = (typeof modes)[number]

const minimumSecretBits = 128

/** Values people copy from examples; refused as signing secrets. */
const knownDefaults = new Set(['secret', 'changeme', 'change-me', 'default', 'password', 'dev', 'test', 'auth_secret'])

const EnvSchema = z
  .object({
    MODE: z.enum(modes).default('embedded'),
    DATA_DIR: z.string().min(1).default('./.data/embedded'),
    DATABASE_URL: z.string().url().optional(),
    EVENTSTORE_URL: z.string().min(1).optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    AUTH_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)')
      .refine((v) => !knownDefaults.has(v.toLowerCase()), 'is a well-known default; generate a random one')
      // Length is no measure: 32 identical characters are 32 characters. HS256 wants a key as
      // strong as its hash; 128 estimated bits is the floor (a random 32-byte key scores 170+).
      .superRefine((v, ctx) => {
        const bits = Math.floor(estimateSecretBits(v))
        if (bits < minimumSecretBits)
          ctx.addIssue({
            code: 'custom',
            message: `has too little entropy (about ${bits} bits, at least ${minimumSecretBits} needed): generate a random one, e.g. \`openssl rand -base64 48\``,
          })
      })
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
    RATE_LIMIT_PER_SOURCE_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
    REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    PROJECTION_LAG_THRESHOLD: z.coerce.number().int().min(0).default(1000),
    PROJECTION_FAILURE_THRESHOLD: z.coerce.number().int().min(0).default(3),
    CREDENTIAL_CACHE_SECONDS: z.coerce.number().min(0).max(300).default(5),
    INSTANCE_ID: z.string().min(1).max(200).optional(),
    REGISTRATION_ACCEPTANCE: z.enum(['authority', 'automatic']).optional(),
    ANCHOR_SIGNING_KEY: z
      .string()
      .refine((v) => {
        try {
          return loadAnchorKey({ configured: v }) !== undefined
        } catch {
          return false
        }
      }, 'is not an Ed25519 private key (PKCS#8 PEM, or its DER in base64): `openssl genpkey -algorithm ed25519`')
      .optional(),
    ANCHOR_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  })
  .superRefine((env, ctx) => {
    if (env.MODE !== 'embedded' && !env.DATABASE_URL)
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: `is required when MODE=${env.MODE}` })
    if (env.MODE === 'cluster' && !env.EVENTSTORE_URL)
      ctx.addIssue({ code: 'custom', path: ['EVENTSTORE_URL'], message: 'is required when MODE=cluster' })
    if (env.MODE !== 'embedded' && !env.AUTH_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_SECRET'],
        message: `is required when MODE=${env.MODE} (only the embedded demo mode generates one)`,
      })
  })

export interface KitConfig {
  readonly mode: Mode
  readonly dataDir: string
  readonly databaseUrl?: string
  readonly eventStoreUrl?: string
  readonly port: number
  readonly host: string
  /** HS256 key for people's bearer tokens. */
  readonly authSecret: string
  readonly logLevel: string
  readonly tokenTtlSeconds: number
  readonly bodyLimitBytes: number
  /** Requests per minute of one member (person or client), counted after authentication. */
  readonly rateLimitPerMinute: number
  /** Requests per minute from one source address, counted before authentication; default 5× the per-member limit. */
  readonly rateLimitPerSourcePerMinute?: number
  /** How long a request may take to arrive whole (headers and body); default 30 s. */
  readonly requestTimeoutSeconds?: number
  /** Readiness fails when a projection is more events than this behind the head. */
  readonly projectionLagThreshold: number
  /**
   * Readiness fails when a projection has failed more batches than this in a row (a poison
   * event is quarantined after 3; more means a failure that is not an event's). Default 3.
   */
  readonly projectionFailureThreshold?: number
  /**
   * How long a credential's row (member, organisation, revocation) may be reused without asking
   * the database; 0 turns the cache off. A revocation in this process is seen at once, one by
   * another process within this time. Secrets, signatures and expiry are checked on every
   * request. Default 5 s (`CREDENTIAL_CACHE_SECONDS`); unset in a hand-built config means 5 s.
   */
  readonly credentialCacheSeconds?: number
  /**
   * A stable name of this server in a deployment (`INSTANCE_ID`; default host name and port),
   * kept across its restarts: a restart releases the Idempotency-Key claims its crashed
   * predecessor left. Two live processes must never share one.
   */
  readonly instanceId?: string
  /**
   * Who accepts an application for use registration (使用登记): `authority`, the registration
   * authority of the equipment's region (an enforcement organisation) issuing the code and the
   * certificate number; or `automatic`, a policy issuing them at once (the embedded demo).
   * `REGISTRATION_ACCEPTANCE`; default `automatic` in the embedded mode, else `authority`;
   * unset in a hand-built config means `authority`.
   */
  readonly registrationAcceptance?: 'authority' | 'automatic'
  /**
   * The Ed25519 key that signs anchors of the event log (`ANCHOR_SIGNING_KEY`, PKCS#8 PEM or
   * base64 DER). Unset: embedded keeps one in DATA_DIR/anchor-key.pem; other modes do not anchor.
   */
  readonly anchorSigningKey?: string
  /** Minutes between anchors the server records (`ANCHOR_INTERVAL_MINUTES`, default 60; 0 = none). */
  readonly anchorIntervalMinutes?: number
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable} ${p.message}`).join('\n')}`)
  }
}

/**
 * Reads and validates the environment once, at start. The embedded mode needs no variable:
 * it generates a random signing secret on first start and keeps it in DATA_DIR/auth-secret.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): KitConfig {
  // Empty strings count as unset (compose files often pass `VAR=`).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = EnvSchema.safeParse(cleaned)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    )
  }
  const e = parsed.data
  const dataDir = resolve(e.DATA_DIR)
  return {
    mode: e.MODE,
    dataDir,
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    ...(e.EVENTSTORE_URL ? { eventStoreUrl: e.EVENTSTORE_URL } : {}),
    port: e.PORT,
    host: e.HOST,
    authSecret: e.AUTH_SECRET ?? embeddedSecret(dataDir),
    logLevel: e.LOG_LEVEL,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    rateLimitPerSourcePerMinute: e.RATE_LIMIT_PER_SOURCE_PER_MINUTE,
    requestTimeoutSeconds: e.REQUEST_TIMEOUT_SECONDS,
    projectionLagThreshold: e.PROJECTION_LAG_THRESHOLD,
    projectionFailureThreshold: e.PROJECTION_FAILURE_THRESHOLD,
    credentialCacheSeconds: e.CREDENTIAL_CACHE_SECONDS,
    registrationAcceptance: e.REGISTRATION_ACCEPTANCE ?? (e.MODE === 'embedded' ? 'automatic' : 'authority'),
    ...(e.ANCHOR_SIGNING_KEY ? { anchorSigningKey: e.ANCHOR_SIGNING_KEY } : {}),
    anchorIntervalMinutes: e.ANCHOR_INTERVAL_MINUTES,
    // Port 0 (a random port) cannot name the same server twice: no stable default then.
    instanceId:
      e.INSTANCE_ID ?? (e.PORT === 0 ? `${hostname()}:${randomBytes(6).toString('hex')}` : `${hostname()}:${e.PORT}`),
  }
}

function embeddedSecret(dataDir: string): string {
  const file = join(dataDir, 'auth-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const secret = randomBytes(48).toString('base64url')
  writeFileSync(file, secret + '\n', { mode: 0o600 })
  return secret
}
