import t from 'tap'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'
import type { Page } from 'playwright-core'

/**
 * The enforcement console (apps/console, issue 19) in a real browser against the real system:
 * `npm start`'s main.ts on PGlite with the demo city (DEMO_DATA=1). Signs in as a person of a
 * city enforcement team, reads the rates of a past day (also at a phone's width, and by keyboard),
 * drills down, lists a practice's open violations (CSV), opens one with its evidence (bundle),
 * switches to English, issues a rectification order and finds it in the workbench, then its
 * organisation; opens a penalty case from the violation, finds it in the cases list with its
 * timeline, the overview's case and complaint counts, and assigns a complaint. No console errors, no serious or critical axe-core findings. Screenshots:
 * test-artifacts/console/.
 */
// The distribution's Chromium (no browser download is possible); GSR_CHROMIUM_PATH names another.
const chromiumPath = process.env['GSR_CHROMIUM_PATH'] || '/usr/bin/chromium'
const root = fileURLToPath(new URL('..', import.meta.url))
const artifacts = join(root, 'test-artifacts', 'console')
const pastDay = '2025-06-30'

if (!existsSync(chromiumPath)) {
  console.log(`# browser tests SKIPPED: no ${chromiumPath} (apt-get install -y chromium fonts-noto-cjk)`)
  t.plan(0, `browser tests skipped: ${chromiumPath} is missing`)
} else {
  t.setTimeout(600_000)
  await run()
}

async function run() {
  const { chromium } = await import('playwright-core')
  // The console's build, as `npm start` would make it (no-op when up to date).
  const setup = spawnSync(process.execPath, ['scripts/run.mjs', 'setup'], { cwd: root, stdio: 'inherit' })
  t.equal(setup.status, 0, 'the console is built')
  mkdirSync(artifacts, { recursive: true })

  const parent = mkdtempSync(join(tmpdir(), 'gsr-console-'))
  t.teardown(() => rmSync(parent, { recursive: true, force: true }))
  const dataDir = join(parent, 'data')
  const app = spawn(process.execPath, ['--import', 'tsx', join(root, 'services/launcher/src/main.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO_DATA: '1',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  t.teardown(() => void app.kill('SIGKILL'))
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" within 360 s:\n${output}`)), 360_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const found = /listening on (http:\/\/[^\s"]+)/.exec(output)?.[1]
      if (found) {
        clearTimeout(timer)
        resolve(found.replace('localhost', '127.0.0.1'))
      }
    }
    app.stdout.on('data', onData)
    app.stderr.on('data', onData)
    app.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)))
  })

  // A person of the city's enforcement team, made by the demo administrator.
  const adminKey = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim()
  const admin = async (path: string, body: object) => {
    const res = await fetch(url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as { id: string; apiKey: string }
  }
  const team = await admin('/admin/organisations', {
    kind: 'enforcement',
    name: '杭州市市场监管执法队',
    region: '330100',
  })
  const officer = await admin(`/admin/organisations/${team.id}/members`, {
    type: 'person',
    name: '王五',
    role: 'operator',
  })
  const { apiKey } = await admin(`/admin/members/${officer.id}/api-keys`, {})
  // A second inspector of the team: a random inspection plan's roster needs two at least.
  const colleague = await admin(`/admin/organisations/${team.id}/members`, {
    type: 'person',
    name: '赵六',
    role: 'operator',
  })

  const browser = await chromium.launchPersistentContext(mkdtempSync(join(parent, 'chromium-')), {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  })
  t.teardown(() => browser.close())
  const page = browser.pages()[0] ?? (await browser.newPage())
  const errors: string[] = []
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  page.on('pageerror', (error) => errors.push(error.message))
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true })

  await t.test('the root redirects to the console; sign in with a person’s key: region and role shown', async (t) => {
    // Opened at the overview of a past day: the app keeps the address through the sign-in.
    await page.goto(`${url}/`)
    t.match(page.url(), /\/console\/$/, '/ redirects to /console/')
    await page.goto(`${url}/console/overview?on=${pastDay}`)
    await page.getByRole('heading', { name: '登录执法工作台' }).waitFor()
    t.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'Chinese by default')
    await assertAccessible(t, page, axeSource, 'sign-in')
    await shot('sign-in')
    await page.getByLabel('API 密钥').fill('gsr_kWRONG')
    await page
      .getByRole('button', { name: '登 录' })
      .or(page.getByRole('button', { name: '登录' }))
      .click()
    await page.getByRole('alert').waitFor()
    errors.length = 0 // the refused key's 401 is logged by the browser: expected
    await page.getByLabel('API 密钥').fill(apiKey)
    await page.getByRole('button', { name: /登\s?录/ }).click()
    const teamInfo = page.getByTestId('team')
    await teamInfo.waitFor()
    t.match(await teamInfo.innerText(), /330100/, 'the team’s region')
    t.match(await teamInfo.innerText(), /执法人员/, 'the role')
    t.equal(
      await page.evaluate("JSON.stringify({ ...localStorage }).includes('gsr_') || document.cookie.length > 0"),
      false,
      'no credential in localStorage or cookies',
    )
  })

  await t.test('overview of a past day: the rates, open violations, overdue orders; drill down', async (t) => {
    const card = page.getByTestId('rate-statutory_inspection')
    await card.getByText('%').first().waitFor()
    const rates = await page.locator('[data-testid^="rate-"]').allInnerTexts()
    t.equal(rates.length, 5, 'four 100% and the statutory inspection rate')
    t.ok(
      rates.some((text) => /\d+\.\d%/.test(text)),
      `rates shown: ${rates.map((r) => r.replace(/\s+/g, ' ')).join(' | ')}`,
    )
    await page.locator('canvas').first().waitFor()
    await page.waitForFunction(
      `[...document.querySelectorAll('[data-testid^="open-"]')].some((a) => a.textContent !== '0')`,
    )
    await page.waitForTimeout(300)
    await shot('overview')
    // Narrow screens: the same page at a phone's width.
    await page.setViewportSize({ width: 390, height: 844 })
    await page.waitForTimeout(300)
    await shot('overview-narrow')
    await assertAccessible(t, page, axeSource, 'overview, narrow')
    await page.setViewportSize({ width: 1280, height: 900 })
    // Keyboard: the first Tab reaches the skip link, Enter moves to the main content.
    await page.evaluate('document.activeElement && document.activeElement.blur()')
    await page.keyboard.press('Tab')
    t.equal(await page.evaluate('document.activeElement.textContent'), '跳到主要内容', 'the first Tab: the skip link')
    await page.keyboard.press('Enter')
    t.match(page.url(), /#main$/, 'Enter follows it to the main content')
    await assertAccessible(t, page, axeSource, 'overview')

    // Drill down: the first rate with shortfalls.
    const withShortfalls = page.locator('[data-testid^="rate-"]', { hasText: /未达标/ }).first()
    await withShortfalls.getByRole('link').click()
    await page.getByRole('heading', { name: /比率明细/ }).waitFor()
    await page.getByTestId('shortfalls').locator('tbody tr.ant-table-row').first().waitFor()
    t.ok((await page.getByTestId('shortfalls').locator('tbody tr.ant-table-row').count()) > 0, 'shortfall pipelines')
    await shot('rates-drill-down')
    await page.getByRole('link', { name: /返回总览/ }).click()
  })

  let organisationId = ''
  let violationPath = ''
  await t.test('a practice’s open violations, one violation with its evidence events', async (t) => {
    const link = page.locator('[data-testid^="open-"]').filter({ hasNotText: /^0$/ }).first()
    await link.waitFor()
    await link.click()
    await page.waitForURL(/status=open/)
    await page.getByRole('heading', { name: '违法行为' }).waitFor()
    t.match(page.url(), /status=open/, 'the list filtered as the number said')
    const rows = page.getByTestId('violations').locator('tbody tr.ant-table-row')
    await rows.first().waitFor()
    await shot('violations')
    await assertAccessible(t, page, axeSource, 'violations')
    const csv = await downloaded(page, () => page.getByRole('button', { name: '下载 CSV' }).click())
    t.equal(csv.name, 'violations.csv')
    t.match(csv.text, /\n.+/, 'the CSV has rows')
    await rows.first().getByRole('link').first().click()
    await page.getByRole('heading', { name: '证据时间线' }).waitFor()
    const events = page.getByTestId('evidence').locator('.ant-timeline-item')
    await events.first().waitFor()
    t.ok((await events.count()) > 0, 'evidence events listed')
    t.match(await events.first().innerText(), /现场时间（北京时间）: \d{4}-\d{2}-\d{2}/, 'field time in China time')
    organisationId = await page.getByTestId('violation-organisation').innerText()
    violationPath = new URL(page.url()).pathname.replace(/^\/console/, '')
    await shot('violation')
    await assertAccessible(t, page, axeSource, 'violation')
    const bundle = await downloaded(page, () => page.getByRole('button', { name: '下载证据包' }).click())
    t.ok(bundle.size > 0, `the evidence bundle is downloaded: ${bundle.name}, ${bundle.size} bytes`)
  })

  /**
   * Waits for a dialog to open and its opening animation to end: a click during it (CPU-starved
   * under CI load, the animation ran for seconds) was lost, and the dialog stayed open.
   */
  const dialogOpened = async (dialog: ReturnType<Page['getByRole']>) => {
    await dialog.waitFor()
    await page.locator('.ant-zoom-appear, .ant-zoom-enter').first().waitFor({ state: 'hidden' })
  }
  await t.test(
    'English, then issue a rectification order and find it in the workbench; its organisation',
    async (t) => {
      await page.getByRole('button', { name: /English/ }).click()
      await page.getByRole('heading', { name: 'Evidence timeline' }).waitFor()
      t.equal(await page.getAttribute('html', 'lang'), 'en')
      await page.getByRole('button', { name: 'Issue a rectification order' }).click()
      const dialog = page.getByRole('dialog')
      await dialogOpened(dialog)
      await dialog.getByLabel('Requirements').fill('立即停止使用，办理使用登记。')
      await dialog.getByRole('button', { name: 'Issue' }).click()
      await page
        .getByRole('heading', { name: 'Rectification orders' })
        .waitFor()
        .catch(async (error: unknown) => {
          await shot('issue-order-failed')
          throw error
        })
      // The demo city has re-checked orders of its own: the new one is the one still issued.
      const orders = page
        .getByTestId('orders')
        .locator('tbody tr.ant-table-row')
        .filter({ hasText: /Issued/ })
      await orders.first().waitFor()
      t.ok(organisationId, 'the violation’s organisation')
      t.equal(await orders.count(), 1, 'one order issued, the new one')
      t.match(await orders.first().innerText(), organisationId, 'the new order, of the violation’s organisation')
      await shot('workbench')
      await assertAccessible(t, page, axeSource, 'workbench')
      // The organisation's summary, from its order.
      await orders.first().getByRole('link', { name: organisationId }).click()
      await page.getByRole('heading', { name: /Organisation summary/ }).waitFor()
      await page.getByRole('cell', { name: 'Risk grade' }).or(page.getByText('Risk grade')).first().waitFor()
      await shot('organisation')
      await assertAccessible(t, page, axeSource, 'organisation')
      t.same(errors, [], 'no errors in the browser console')
    },
  )

  let casePath = ''
  let complaintPath = ''
  /** Waits for a dialog to close; if it stays open, fails with what it shows (an API refusal, a form error). */
  const closed = async (dialog: ReturnType<Page['getByRole']>) => {
    try {
      await dialog.waitFor({ state: 'hidden' })
    } catch (error) {
      const shown = await dialog.innerText({ timeout: 1_000 }).catch(() => '(unreadable)')
      throw new Error(`the dialog stayed open, showing: ${shown.replace(/\s+/g, ' ')}`, { cause: error })
    }
  }
  await t.test(
    'open a case from the violation: the cases list, its timeline; the overview counts it; a complaint assigned',
    async (t) => {
      // A complaint received through the API today (the officer's token, as the console gets one).
      const { token } = (await (
        await fetch(`${url}/auth/token`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` } })
      ).json()) as { token: string }
      const received = await fetch(`${url}/enforcement/complaints`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify({
          region: '330100',
          channel: 'hotline_12345',
          receivedOn: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()),
          content: '某单位特种设备未登记即投入使用',
          subject: { organisationId },
          category: 'equipment_unregistered_or_uninspected',
        }),
      })
      t.equal(received.status, 201, 'a complaint received')
      const complaintId = ((await received.json()) as { events: { data: { complaintId: string } }[] }).events[0]!.data
        .complaintId
      // In-app navigation (a reload would forget the in-memory credential).
      const go = (path: string) =>
        page.evaluate(`history.pushState(null, '', '/console${path}'); dispatchEvent(new PopStateEvent('popstate'))`)
      await go(violationPath)
      await page.getByRole('heading', { name: 'Evidence timeline' }).waitFor()
      await page.getByRole('button', { name: 'Open a case', exact: true }).click()
      const dialog = page.getByRole('dialog')
      await dialogOpened(dialog)
      await dialog.getByLabel('Summary').fill('未登记设备投入使用，依法立案调查。')
      await dialog.getByRole('button', { name: 'Open a case', exact: true }).click()
      await page.getByRole('heading', { name: 'Penalty cases', exact: true }).waitFor()
      // The demo city has decided and closed cases of its own: the new one is the one at its first stage.
      const cases = page
        .getByTestId('cases')
        .locator('tbody tr.ant-table-row')
        .filter({ hasText: /Opened/ })
      await cases.first().waitFor()
      t.equal(await cases.count(), 1, 'one case at its first stage (opened), the new one')
      t.match(await cases.first().innerText(), organisationId, 'the new case, of the violation’s organisation')
      await shot('cases')
      await assertAccessible(t, page, axeSource, 'cases')
      await cases.first().getByRole('link').first().click()
      await page.getByRole('heading', { name: 'Penalty case', exact: true }).waitFor()
      const opened = page.getByTestId('step-opened')
      await opened.waitFor()
      t.match(
        await opened.innerText(),
        decodeURIComponent(violationPath.split('/').pop() ?? ''),
        'the timeline: opened from the violation',
      )
      casePath = new URL(page.url()).pathname.replace(/^\/console/, '')
      await shot('case')
      await assertAccessible(t, page, axeSource, 'case')

      // The overview of today: the case counted at its stage, linking to the list; complaints counted.
      await go('/overview')
      const openedCount = page.getByTestId('cases-opened')
      await openedCount.filter({ hasNotText: /^0$/ }).waitFor()
      t.ok(Number.parseInt(await openedCount.innerText(), 10) >= 1, 'cases opened: at least the new one')
      // The ticket received above is due for reply.
      await page.getByTestId('complaints-due').locator('.ant-statistic-content', { hasText: /[1-9]/ }).waitFor()
      t.pass('complaints due for reply: at least the one received')
      t.match(await page.getByTestId('complaints-ledger').innerText(), /\d/, 'complaints on the ledger: a number')
      await shot('overview-cases')
      await page.getByTestId('complaints-due').click()
      await page.getByRole('heading', { name: 'Complaints', exact: true }).waitFor()
      t.match(page.url(), /view=due/, 'the list as the number said')
      const complaints = page.getByTestId('complaints').locator('tbody tr.ant-table-row', { hasText: complaintId })
      await complaints.first().waitFor()
      t.match(await complaints.first().innerText(), /Received/, 'the ticket received through the API, due for reply')
      await shot('complaints')
      await assertAccessible(t, page, axeSource, 'complaints')
      // Its page, and assigning it to the team.
      await complaints.first().getByRole('link', { name: complaintId }).click()
      await page.getByRole('heading', { name: 'Complaint', exact: true }).waitFor()
      complaintPath = new URL(page.url()).pathname.replace(/^\/console/, '')
      await page.getByRole('button', { name: 'Assign', exact: true }).click()
      const assign = page.getByRole('dialog')
      await dialogOpened(assign)
      await assign.getByLabel('Enforcement team (organisation id)').fill(team.id)
      await assign.getByRole('button', { name: 'Assign', exact: true }).click()
      await page.getByTestId('assignments').getByRole('cell', { name: team.id }).waitFor()
      t.pass('assigned: the team in the assignments')
      await closed(assign)
      await shot('complaint')
      await assertAccessible(t, page, axeSource, 'complaint')
      await go('/overview')
      await openedCount.click()
      await page.getByRole('heading', { name: 'Penalty cases', exact: true }).waitFor()
      t.match(page.url(), /stage=opened/, 'the cases list as the number said')
      await cases.first().waitFor()
      t.same(errors, [], 'no errors in the browser console')
    },
  )

  // In-app navigation (a reload would forget the in-memory credential).
  const go = (path: string) =>
    page.evaluate(`history.pushState(null, '', '/console${path}'); dispatchEvent(new PopStateEvent('popstate'))`)
  /** Opens a step's dialog by its button, fills it, records it. */
  const recordStep = async (button: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) => {
    await page.getByRole('button', { name: button, exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialogOpened(dialog)
    await fill(dialog)
    await dialog.getByRole('button', { name: 'Record', exact: true }).click()
    return dialog
  }

  await t.test(
    'case steps: the investigation recorded; a decision by an operator refused, its problem shown',
    async (t) => {
      t.ok(casePath, 'the case opened above')
      await go(casePath)
      await page.getByRole('heading', { name: 'Case steps' }).waitFor()
      const investigation = await recordStep('Investigation concluded', (d) =>
        d.getByLabel('Findings (investigation report)').fill('现场检查笔录、询问笔录：设备未登记即投入使用。'),
      )
      await closed(investigation)
      const investigated = page.getByTestId('step-investigated')
      await investigated.waitFor()
      t.match(await investigated.innerText(), /现场检查笔录/, 'the timeline: investigated, with the findings')
      t.match(await page.getByTestId('case-stage').innerText(), /Investigat/, 'the stage follows')
      // A decision needs an approver (an admin of the team): the operator's is refused, and the page says why.
      const decision = await recordStep('Decide the penalty', async (d) => {
        await d.getByLabel('Decision number').fill('杭市监罚〔2026〕1号')
        await d.getByLabel('Amount (yuan)').fill('20000')
      })
      const problem = decision.getByTestId('problem')
      await problem.waitFor()
      t.match(await problem.innerText(), /case-approval-required/, 'the problem code shown')
      t.match(await problem.innerText(), /approver/, 'the detail, in the asked language')
      await shot('case-decision-refused')
      await assertAccessible(t, page, axeSource, 'case, a refused step')
      errors.length = 0 // the refusal's 4xx is logged by the browser: expected
      await decision.getByRole('button', { name: 'Cancel' }).click()
      await closed(decision)
      t.equal(await page.getByTestId('step-decided').count(), 0, 'no decision recorded')
      await shot('case-steps')
      await assertAccessible(t, page, axeSource, 'case steps')
    },
  )

  await t.test('complaint steps: accepted, handled, then replied, on the ticket’s timeline', async (t) => {
    t.ok(complaintPath, 'the complaint assigned above')
    await go(complaintPath)
    await page.getByRole('heading', { name: 'Ticket timeline' }).waitFor()
    const accept = await recordStep('Accept', async () => {})
    await closed(accept)
    await page.getByTestId('complaint-accepted-0').waitFor()
    t.pass('accepted: on the timeline')
    const handling = await recordStep('Record handling', (d) =>
      d.getByLabel('Outcome', { exact: true }).fill('现场检查，责令整改。'),
    )
    await closed(handling)
    await page.getByTestId('complaint-handled').waitFor()
    t.pass('handled: on the timeline')
    const reply = await recordStep('Reply', (d) =>
      d.getByLabel('Reply', { exact: true }).fill('已现场核查并责令整改。'),
    )
    await closed(reply)
    const replied = page.getByTestId('complaint-replied')
    await replied.waitFor()
    t.match(await replied.innerText(), /Phone · 已现场核查/, 'replied: method and reply on the timeline')
    await shot('complaint-steps')
    await assertAccessible(t, page, axeSource, 'complaint steps')
  })

  await t.test('workbench: a random inspection plan made and drawn; a routine inspection recorded', async (t) => {
    await go('/workbench/plans')
    await page.getByRole('heading', { name: 'Random inspection plans', exact: true }).waitFor()
    await shot('plans')
    await assertAccessible(t, page, axeSource, 'plans')
    await page.getByRole('button', { name: 'Make a plan' }).click()
    const dialog = page.getByRole('dialog')
    await dialogOpened(dialog)
    await until(page, `document.querySelector('[data-testid="plan-seed"]')?.value.length === 32`)
    const seed = await dialog.getByTestId('plan-seed').inputValue()
    await dialog.getByLabel(/^Inspectors/).fill(`${officer.id}\n${colleague.id}`)
    await dialog.getByRole('button', { name: 'Make a plan' }).click()
    await page
      .getByTestId('plan-status')
      .filter({ hasText: 'Committed, not drawn' })
      .or(dialog.getByTestId('problem'))
      .waitFor()
    if (await dialog.getByTestId('problem').isVisible()) {
      await shot('plan-refused')
      t.fail(`the plan refused: ${await dialog.getByTestId('problem').innerText()}`)
      return
    }
    t.pass('committed: its inputs shown')
    await shot('plan-committed')
    await assertAccessible(t, page, axeSource, 'plan, committed')
    await page.getByRole('button', { name: 'Reveal the seed and draw' }).click()
    await page
      .getByTestId('plan-status')
      .filter({ hasText: /^Drawn$/ })
      .waitFor()
    t.equal(await page.getByTestId('plan-revealed-seed').innerText(), seed, 'the seed made here, revealed')
    await page.getByTestId('visits').waitFor()
    await shot('plan')
    await assertAccessible(t, page, axeSource, 'plan, drawn')
    const planId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '')
    await go('/workbench/plans')
    const listed = page.getByTestId('plans').locator('tbody tr.ant-table-row', { hasText: planId })
    await listed.first().waitFor()
    t.match(await listed.first().innerText(), /Drawn/, 'the plan made above, listed by the API as drawn')

    await page.getByRole('link', { name: 'Routine inspections' }).click()
    await page.getByRole('heading', { name: 'Routine supervision inspections' }).waitFor()
    await page.getByRole('button', { name: 'Record an inspection' }).click()
    const record = page.getByRole('dialog')
    await dialogOpened(record)
    await record.getByLabel('Organisation id').fill(organisationId)
    await record.getByLabel('Inspector 1').fill('张三')
    await record.getByLabel('Inspector 2').fill('李四')
    const items = record.getByTestId('checklist').locator('.ant-form-item')
    await items.first().waitFor()
    t.ok((await items.count()) > 3, `the checklist in force: ${await items.count()} items`)
    t.equal(await record.getByTestId('inspection-result').innerText(), 'No problem')
    // One item failed: the result follows.
    await items.nth(1).getByText('Failed').click()
    // The form's watch re-renders after the click: wait for it (a wrong result times out and fails).
    const followed = await record
      .getByTestId('inspection-result')
      .filter({ hasText: /^Problems found$/ })
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      )
    t.ok(followed, `the result follows the items: ${await record.getByTestId('inspection-result').innerText()}`)
    await shot('inspection-record')
    await assertAccessible(t, page, axeSource, 'record an inspection')
    await record.getByRole('button', { name: 'Record', exact: true }).click()
    await closed(record)
    const rows = page.getByTestId('inspections').locator('tbody tr.ant-table-row', { hasText: organisationId })
    await rows.first().waitFor()
    t.match(await rows.first().innerText(), /Problems found/, 'listed, with its result')
    await shot('inspections')
    await assertAccessible(t, page, axeSource, 'inspections')
    t.same(errors, [], 'no errors in the browser console')
  })

  await t.test(
    'the organisation page: its equipment, pipelines, cylinders, fills, violations, orders, cases, complaints',
    async (t) => {
      await go(`/organisations/${encodeURIComponent(organisationId)}`)
      await page.getByRole('heading', { name: /Organisation summary/ }).waitFor()
      for (const name of [
        'equipment',
        'pipelines',
        'cylinders',
        'fills',
        'violations',
        'orders',
        'cases',
        'complaints',
      ])
        await page.getByTestId(`org-${name}`).waitFor()
      const rows = (name: string) => page.getByTestId(`org-${name}`).locator('tbody tr.ant-table-row')
      await rows('violations').first().waitFor()
      await rows('orders').first().waitFor()
      await rows('cases').first().waitFor()
      await rows('complaints').first().waitFor()
      t.ok((await rows('violations').count()) > 0, 'its violations')
      t.ok((await rows('orders').count()) > 0, 'its rectification order (issued above)')
      const caseId = decodeURIComponent(casePath.split('/').pop() ?? '')
      t.match(
        await rows('cases').filter({ hasText: caseId }).first().innerText(),
        /Investigat/,
        'its case, investigated above',
      )
      t.ok((await rows('complaints').count()) > 0, 'the complaint about it')
      const cylinders = page.getByTestId('org-cylinders')
      await rows('cylinders').first().or(cylinders.locator('.empty-text')).waitFor()
      t.equal(
        await cylinders.locator('.ant-alert-error').count(),
        0,
        'its cylinders read (GET /cylinders?organisationId=)',
      )
      await page.waitForTimeout(300)
      await shot('organisation-records')
      await assertAccessible(t, page, axeSource, 'organisation records')
    },
  )

  await t.test('statistics: the rates by month on the overview, cases by region and month', async (t) => {
    await go(`/overview?on=${pastDay}`)
    const trend = page.getByTestId('rates-trend')
    await trend.locator('canvas').waitFor()
    t.equal(
      await trend.locator('[role="img"]').getAttribute('aria-label'),
      'Line chart of the four 100% rates at each month end',
      'the trend chart, labelled',
    )
    await page.waitForTimeout(500)
    await shot('overview-trend')
    await assertAccessible(t, page, axeSource, 'overview with the trend')
    await go('/cases')
    const stats = page.getByTestId('case-statistics').locator('tbody tr.ant-table-row')
    await stats.first().waitFor()
    t.ok((await stats.count()) > 0, 'case statistics by region and month')
    await shot('case-statistics')
    await assertAccessible(t, page, axeSource, 'cases with statistics')
  })

  await t.test('the header: one row at 1280 px in both languages; no overflow at 768 px', async (t) => {
    const rowOf = async () =>
      (await page.evaluate(`(() => {
        const top = (s) => Math.round(document.querySelector(s).getBoundingClientRect().top)
        return [top('.console-title'), top('.console-nav'), top('.console-user')]
      })()`)) as number[]
    for (const language of ['English', '中文']) {
      const [title = 0, nav = 0, user = 0] = await rowOf()
      t.ok(Math.abs(title - nav) < 12 && Math.abs(nav - user) < 12, `${language}: one row (${title}, ${nav}, ${user})`)
      await page.getByRole('button', { name: language === 'English' ? '中文' : 'English' }).click()
      await page.waitForTimeout(200)
    }
    await page.setViewportSize({ width: 768, height: 1024 })
    await page.waitForTimeout(300)
    t.ok(
      ((await page.evaluate('document.documentElement.scrollWidth')) as number) <= 768,
      'no horizontal scrolling at 768 px',
    )
    await shot('tablet-768')
    await assertAccessible(t, page, axeSource, 'tablet')
    await page.setViewportSize({ width: 1280, height: 900 })
    t.same(errors, [], 'no errors in the browser console')
  })
}

/** What `click` makes the page download (a credential-bearing fetch saved through a blob URL). */
async function downloaded(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()])
  const path = await download.path()
  const bytes = readFileSync(path)
  return { name: download.suggestedFilename(), size: bytes.length, text: bytes.toString('utf8') }
}

/** Polls `expression` in the page until it is true (page.evaluate: the console's CSP refuses waitForFunction's eval). */
async function until(page: Page, expression: string, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`not true within ${timeoutMs} ms: ${expression}`)
    await page.waitForTimeout(100)
  }
}

/** axe-core in the page (evaluated, not a script tag: the console's CSP allows none): no serious or critical finding. */
async function assertAccessible(t: Test, page: Page, axeSource: string, name: string) {
  // A message fading out is half transparent: measured once it is gone.
  await until(page, `!document.querySelector('.ant-message-fade-leave, .ant-message-move-up-leave')`)
  await page.evaluate(axeSource)
  const result = (await page.evaluate("axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })")) as {
    violations: AxeFinding[]
  }
  const found = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  t.same(found, [], `${name}: no serious or critical accessibility findings`)
}

interface AxeFinding {
  id: string
  impact: string | null
  nodes: { target: string[] }[]
}
