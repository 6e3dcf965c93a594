import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse, parseAllDocuments } from 'yaml'
import { builtUrlOf, sourceUrlOf } from '../scripts/builtCode/resolveToBuilt.ts'

/**
 * The deployment, checked offline (no container engine on the build machines): the compose file
 * parsed and its structure checked against what infra/README.md promises, the Dockerfile's
 * stages and run-time user, and the built-code resolver. No compose-spec validator is kept on
 * npm, so this is a structural test, not a schema validation (infra/README.md says so).
 */
const root = fileURLToPath(new URL('..', import.meta.url))
const read = (path: string) => readFileSync(join(root, path), 'utf8')

interface Service {
  image?: string
  build?: unknown
  command?: string[]
  restart?: string
  healthcheck?: { test: string[] }
  depends_on?: Record<string, { condition: string }>
  environment?: Record<string, string>
  env_file?: { path: string; required: boolean }[]
  ports?: string[]
  profiles?: string[]
  deploy?: { replicas?: number }
  networks?: Record<string, { ipv4_address?: string }> | string[]
}

const composeText = read('infra/compose.yaml')
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> }
const services = compose.services
const kurrentNodes = ['kurrentdb-1', 'kurrentdb-2', 'kurrentdb-3']
const apps = ['api-1', 'api-2', 'projector']

t.test('compose: a three-node KurrentDB cluster, each seeded with the other two', async (t) => {
  const addresses = kurrentNodes.map((name) => {
    const networks = services[name]?.networks as Record<string, { ipv4_address?: string }>
    return networks['registry']?.ipv4_address
  })
  for (const [i, name] of kurrentNodes.entries()) {
    const env = services[name]?.environment ?? {}
    t.match(services[name]?.image, /^kurrentplatform\/kurrentdb:\d/, `${name}: a pinned KurrentDB image`)
    t.equal(env['KURRENTDB_CLUSTER_SIZE'], '3')
    t.equal(env['KURRENTDB_NODE_IP'], addresses[i], `${name} advertises its own address`)
    const seeds = (env['KURRENTDB_GOSSIP_SEED'] ?? '').split(',').map((seed) => seed.replace(/:2113$/, ''))
    t.same(seeds.sort(), addresses.filter((_, j) => j !== i).sort(), `${name} is seeded with the other two`)
  }
})

t.test('compose: health checks, restart policies, start order by health', async (t) => {
  for (const [name, service] of Object.entries(services)) {
    if (service.profiles?.length) continue // one-shot steps
    t.ok(service.restart && service.restart !== 'no', `${name} restarts`)
    // The apps' image carries its HEALTHCHECK (Dockerfile); the projector listens elsewhere and says its own.
    const fromImage = service.build !== undefined && /^HEALTHCHECK /m.test(read('Dockerfile'))
    t.ok(service.healthcheck ?? fromImage, `${name} has a health check`)
    for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
      t.ok(services[dependency], `${name} depends on ${dependency}, which exists`)
      t.equal(condition, 'service_healthy', `${name} waits for ${dependency} to be healthy`)
    }
  }
  for (const name of ['api-1', 'api-2']) {
    t.same(Object.keys(services[name]?.depends_on ?? {}).sort(), ['postgres', ...kurrentNodes].sort())
  }
})

t.test('compose: two API replicas and two projectors on built code, in cluster mode', async (t) => {
  t.equal(services['api-1']?.environment?.['MODE'], 'cluster')
  t.equal(services['api-2']?.environment?.['MODE'], 'cluster')
  t.not(services['api-1']?.environment?.['INSTANCE_ID'], services['api-2']?.environment?.['INSTANCE_ID'])
  t.equal(services['projector']?.deploy?.replicas, 2)
  t.notMatch(composeText, /\btsx\b/, 'no tsx at run time')
  for (const name of [...apps, 'bootstrap']) {
    const service = services[name]!
    t.match(service.environment?.['EVENTSTORE_URL'], /^esdb:\/\/kurrentdb-1:2113,kurrentdb-2:2113,kurrentdb-3:2113\?/)
    const command = service.command ?? [
      'node',
      '--import',
      './dist/scripts/builtCode/register.js',
      'dist/services/launcher/src/main.js',
    ]
    t.equal(command[0], 'node', `${name} runs plain node`)
    for (const built of command.filter((arg) => /^(\.\/)?dist\//.test(arg))) {
      const source = built.replace(/^(\.\/)?dist\//, '').replace(/\.js$/, '.ts')
      t.ok(existsSync(join(root, source)), `${name}: ${built} is built from ${source}`)
    }
  }
  t.same(services['bootstrap']?.profiles, ['bootstrap'], 'the first administrator: a step run once, by hand')
})

t.test('compose: no host port 5432, ports on loopback, secrets from the env file', async (t) => {
  for (const [name, service] of Object.entries(services)) {
    for (const port of service.ports ?? []) {
      const parts = port.split(':')
      t.equal(parts.length, 3, `${name} publishes ${port} with a host address`)
      t.equal(parts[0], '127.0.0.1', `${name} publishes on loopback only`)
      t.not(parts[1], '5432', `${name} leaves the host's 5432 to a local PostgreSQL`)
    }
    for (const [variable, value] of Object.entries(service.environment ?? {})) {
      if (/PASSWORD|SECRET/.test(variable))
        t.fail(`${name} sets ${variable} inline (${value}): it belongs in infra/.env`)
    }
  }
  for (const name of ['postgres', ...apps]) t.same(services[name]?.env_file, [{ path: './.env', required: true }])
  const example = read('infra/env.example')
  for (const variable of new Set([...composeText.matchAll(/\$\{(\w+)/g)].map((m) => m[1]!))) {
    t.match(example, new RegExp(`^${variable}=`, 'm'), `infra/env.example lists ${variable}`)
  }
  t.match(example, /^AUTH_SECRET=/m)
})

t.test('Dockerfile: multi-stage, non-root, health check, built code on plain node', async (t) => {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
  const stages = lines.filter((line) => line.startsWith('FROM '))
  t.ok(stages.length >= 2, 'two stages at least')
  for (const stage of stages) t.match(stage, /^FROM [\w./-]+:\d[\w.-]* AS \w+$/, `a pinned base image: ${stage}`)
  const names = stages.map((stage) => stage.split(' ').at(-1))
  for (const line of lines.filter((l) => l.includes('--from='))) {
    t.ok(names.includes(/--from=(\w+)/.exec(line)?.[1]), `${line} copies from a stage`)
  }
  const last = lines.slice(lines.lastIndexOf(stages.at(-1)!))
  const user = last.filter((line) => line.startsWith('USER ')).at(-1)
  t.ok(user && !/^USER (root|0)\b/.test(user), `the final stage runs as ${user}`)
  t.ok(
    last.some((line) => line.startsWith('HEALTHCHECK ')),
    'a health check',
  )
  const cmd = last.find((line) => line.startsWith('CMD '))
  t.match(cmd, /^CMD \["node", "--import", "\.\/dist\/scripts\/builtCode\/register\.js", "dist\//)
  t.notMatch(last.join('\n'), /\btsx\b/, 'no tsx in the image that runs')
})

interface Manifest {
  kind: string
  metadata: { name: string }
  spec: {
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>
    template?: {
      metadata: { labels: Record<string, string> }
      spec: {
        securityContext?: { runAsNonRoot?: boolean }
        containers: {
          image: string
          command?: string[]
          ports?: { name: string }[]
          livenessProbe?: { httpGet?: { path: string; port: string } }
          readinessProbe?: { httpGet?: { path: string; port: string } }
          resources?: { requests?: Record<string, string>; limits?: Record<string, string> }
          env?: { name: string; value?: string; valueFrom?: unknown }[]
        }[]
      }
    }
    minAvailable?: number
  }
}

t.test('kubernetes: deployments with probes, resources, non-root, a disruption budget each', async (t) => {
  const manifests = ['api', 'projector'].flatMap((file) =>
    parseAllDocuments(read(`infra/kubernetes/${file}.yaml`)).map((document) => document.toJS() as Manifest),
  )
  const deployments = manifests.filter((m) => m.kind === 'Deployment')
  t.same(deployments.map((d) => d.metadata.name).sort(), ['gsr-api', 'gsr-projector'])
  const matches = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
    !!selector && Object.entries(selector).every(([key, value]) => labels[key] === value)
  for (const deployment of deployments) {
    const name = deployment.metadata.name
    const pod = deployment.spec.template!
    t.ok(matches(deployment.spec.selector?.matchLabels, pod.metadata.labels), `${name} selects its pods`)
    t.equal(pod.spec.securityContext?.runAsNonRoot, true, `${name} runs as non-root`)
    for (const container of pod.spec.containers) {
      t.equal(container.image, services['api-1']?.image, `${name}: the image compose builds`)
      t.equal(container.livenessProbe?.httpGet?.path, '/health', `${name}: liveness on /health`)
      t.equal(container.readinessProbe?.httpGet?.path, '/ready', `${name}: readiness on /ready`)
      const ports = (container.ports ?? []).map((p) => p.name)
      t.ok(ports.includes(container.readinessProbe?.httpGet?.port ?? '?'), `${name}: probes a declared port`)
      t.ok(container.resources?.requests?.['memory'] && container.resources.limits?.['memory'], `${name}: resources`)
      t.notOk(
        (container.env ?? []).some((e) => /PASSWORD|SECRET/.test(e.name) && e.value !== undefined),
        `${name}: secrets come from a Secret`,
      )
      t.notMatch((container.command ?? []).join(' '), /\btsx\b/, `${name}: built code`)
    }
    const budget = manifests.find(
      (m) => m.kind === 'PodDisruptionBudget' && matches(m.spec.selector?.matchLabels, pod.metadata.labels),
    )
    t.ok(budget && (budget.spec.minAvailable ?? 0) >= 1, `${name} has a PodDisruptionBudget`)
  }
  const service = manifests.find((m) => m.kind === 'Service')
  const api = deployments.find((d) => d.metadata.name === 'gsr-api')!
  t.ok(
    matches(service?.spec.selector as Record<string, string>, api.spec.template!.metadata.labels),
    'the Service selects the API pods',
  )
})

t.test('the built-code resolver maps workspace sources to dist, nothing else', async (t) => {
  const roots = { root: 'file:///app/', dist: 'file:///app/dist/' }
  t.equal(builtUrlOf('file:///app/packages/db/src/index.ts', roots), 'file:///app/dist/packages/db/src/index.js')
  t.equal(
    builtUrlOf('file:///app/services/launcher/src/main.ts', roots),
    'file:///app/dist/services/launcher/src/main.js',
  )
  t.equal(builtUrlOf('file:///app/dist/packages/db/src/index.js', roots), undefined, 'already built')
  t.equal(builtUrlOf('file:///app/node_modules/pg/lib/index.js', roots), undefined, 'a dependency')
  t.equal(builtUrlOf('node:fs', roots), undefined)
  // A package's own dependencies are looked up from its source folder (services/launcher/node_modules).
  t.equal(
    sourceUrlOf('file:///app/dist/services/launcher/src/serveConsole.js', roots),
    'file:///app/services/launcher/src/serveConsole.ts',
  )
  t.equal(sourceUrlOf('file:///app/node_modules/pg/lib/index.js', roots), undefined, 'a dependency')
  t.equal(sourceUrlOf('file:///app/dist/apps/console/dist/x.js', roots), undefined, 'not a workspace package')
})
