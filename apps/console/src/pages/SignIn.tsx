import { useState } from 'react'
import { Alert, Button, Card, Form, Input, Layout, Typography } from 'antd'
import { api, problemText } from '../api/client'
import { useMessages, type Me } from '../session'
import { LanguageSwitch } from '../LanguageSwitch'

/**
 * Sign in with an API key. A person's key is exchanged for a short-lived token (POST
 * /auth/token) and only the token is kept; a machine client's key is used as it is. Memory only.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (credential: string, me: Me) => void }) {
  const m = useMessages()
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const submit = async ({ apiKey }: { apiKey: string }) => {
    setBusy(true)
    setError(undefined)
    try {
      const headers = { authorization: `Bearer ${apiKey.trim()}` }
      const who = await api.GET('/auth/me', { headers })
      if (!who.data) throw who.error
      let credential = apiKey.trim()
      if (who.data.memberType === 'person') {
        const token = await api.POST('/auth/token', { headers })
        if (!token.data) throw token.error
        credential = token.data.token
      }
      onSignedIn(credential, who.data)
    } catch (caught) {
      setError(problemText(caught))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Layout style={{ minHeight: '100vh', alignItems: 'center', justifyContent: 'center', padding: 16 }}>
      <main style={{ width: '100%', maxWidth: 440 }}>
        <Card
          title={
            <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
              {m.signInTitle}
            </Typography.Title>
          }
          extra={<LanguageSwitch />}
        >
          <Typography.Paragraph>{m.signInHelp}</Typography.Paragraph>
          {error && <Alert type="error" role="alert" showIcon title={m.signInFailed} description={error} />}
          <Form layout="vertical" onFinish={submit} requiredMark={false} style={{ marginTop: 12 }}>
            <Form.Item label={m.apiKey} name="apiKey" rules={[{ required: true, message: m.apiKeyRequired }]}>
              <Input.Password autoComplete="off" autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              {m.signIn}
            </Button>
          </Form>
        </Card>
      </main>
    </Layout>
  )
}
