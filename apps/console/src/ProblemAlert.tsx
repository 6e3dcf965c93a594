import { Alert } from 'antd'
import type { Problem } from './messages'
import { useMessages } from './session'

const isProblem = (error: unknown): error is Problem =>
  !!error && typeof error === 'object' && 'status' in error && 'title' in error

/**
 * A refusal as the API gave it (problem+json): its title and status, the detail in the asked
 * language, the problem code and the fields it names. Announced to screen readers (role="alert").
 */
export function ProblemAlert(props: { error: unknown }) {
  const m = useMessages()
  const e = props.error
  if (!isProblem(e))
    return (
      <Alert
        type="error"
        role="alert"
        showIcon
        title={m.problem.refused}
        description={String(e)}
        data-testid="problem"
      />
    )
  const code = e.type.replace(/^urn:gsr:problem:/, '')
  return (
    <Alert
      type="error"
      role="alert"
      showIcon
      data-testid="problem"
      title={`${m.problem.refused}: ${e.title}`}
      description={
        <>
          {e.detail && <div data-testid="problem-detail">{e.detail}</div>}
          <div>
            {m.problem.status}: {e.status} · {m.problem.code}: <code>{code}</code>
          </div>
          {e.errors && e.errors.length > 0 && (
            <div>
              {m.problem.fields}:{' '}
              {e.errors.map((f) => (
                <span key={`${f.field}:${f.message}`}>
                  <code>{f.field}</code> {f.message}{' '}
                </span>
              ))}
            </div>
          )}
        </>
      }
    />
  )
}
