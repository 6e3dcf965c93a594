/** What the printable summary of an evidence bundle shows. */
export interface EvidenceSummary {
  readonly violation: {
    readonly id: string
    readonly category: string
    readonly subReason: string
    readonly subjectKind: string
    readonly subjectId: string
    readonly region: string
    readonly occurredAt: string
    readonly detectedAt: string
    readonly status: string
  }
  readonly actors: readonly { readonly organisationId: string; readonly name: string | null }[]
  readonly events: readonly {
    readonly id: string
    readonly type: string
    readonly streamName: string
    readonly revision: number
    readonly recordedAt: string
    readonly hash: string
  }[]
  readonly ruleVersions: readonly string[]
  readonly anchor: { readonly sequence: number; readonly anchoredAt: string; readonly root: string }
  readonly generatedAt: string
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text for HTML element content and quoted attributes: every markup character replaced. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => entities[c]!)
}

const row = (zh: string, en: string, value: string) =>
  `<tr><th>${zh}<br><span class="en">${en}</span></th><td>${value}</td></tr>`

/**
 * A self-contained HTML page (no script, no external resource) in zh-CN with English beside
 * each label, for the bundle's reader to print; every value from the log or directory is escaped.
 */
export function evidenceSummaryHtml(s: EvidenceSummary): string {
  const v = s.violation
  const actors = s.actors
    .map(
      (a) =>
        `${escapeHtml(a.name ?? '（名录中无此单位 / not in the directory）')} <code>${escapeHtml(a.organisationId)}</code>`,
    )
    .join('<br>')
  const events = s.events
    .map(
      (e) =>
        `<tr><td><code>${escapeHtml(e.id)}</code></td><td>${escapeHtml(e.type)}</td><td><code>${escapeHtml(e.streamName)}</code> #${e.revision}</td><td>${escapeHtml(e.recordedAt)}</td><td><code class="hash">${escapeHtml(e.hash)}</code></td></tr>`,
    )
    .join('\n')
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>违法行为证据包 Evidence bundle ${escapeHtml(v.id)}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #000; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }
th, td { border: 1px solid #444; padding: 4px 6px; text-align: left; vertical-align: top; font-size: 10pt; }
.en { color: #444; font-weight: normal; font-size: 9pt; }
code { word-break: break-all; }
.hash { font-size: 8pt; }
@media print { body { margin: 0; } tr { page-break-inside: avoid; } }
</style>
</head>
<body>
<h1>违法行为证据包 <span class="en">Evidence bundle</span></h1>
<table>
${row('违法行为编号', 'Violation', `<code>${escapeHtml(v.id)}</code>`)}
${row('类别', 'Category', `${escapeHtml(v.category)} / ${escapeHtml(v.subReason)}`)}
${row('对象', 'Subject', `${escapeHtml(v.subjectKind)} <code>${escapeHtml(v.subjectId)}</code>`)}
${row('行政区划', 'Region', escapeHtml(v.region))}
${row('发生时间', 'Occurred at', escapeHtml(v.occurredAt))}
${row('发现时间（记录）', 'Detected (recorded) at', escapeHtml(v.detectedAt))}
${row('状态', 'Status', escapeHtml(v.status))}
${row('相关单位', 'Actors', actors)}
${row('适用规则版本', 'Rule versions applied', s.ruleVersions.map(escapeHtml).join('<br>') || '—')}
${row('签名锚点', 'Signed anchor', `#${s.anchor.sequence}, ${escapeHtml(s.anchor.anchoredAt)}<br><code class="hash">${escapeHtml(s.anchor.root)}</code>`)}
${row('生成时间', 'Generated at', escapeHtml(s.generatedAt))}
</table>
<h2>证明事件 <span class="en">Events that prove it</span></h2>
<table>
<tr><th>事件 <span class="en">Event</span></th><th>类型 <span class="en">Type</span></th><th>流 / 序号 <span class="en">Stream / revision</span></th><th>记录时间 <span class="en">Recorded at</span></th><th>哈希 <span class="en">Hash</span></th></tr>
${events}
</table>
<p>离线核验：<code>npm run gsr -- verify-bundle 文件名.json</code>（核对锚点签名、每个事件的哈希及其至锚点的链）。<br>
<span class="en">Verify offline: <code>npm run gsr -- verify-bundle FILE.json</code> (checks the anchor's signature, each event's hash and its chain up to the anchor).</span></p>
</body>
</html>
`
}
