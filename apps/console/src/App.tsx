import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import { BrowserRouter, Navigate, NavLink, Route, Routes } from 'react-router-dom'
import { Button, ConfigProvider, Layout, Spin, Typography } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import enUS from 'antd/locale/en_US'
import { setApiLanguage, setCredential } from './api/client'
import { catalogue, type Language } from './messages'
import { LanguageContext, SessionContext, useMessages, useSession, type Me } from './session'
import { SignIn } from './pages/SignIn'
import { LanguageSwitch } from './LanguageSwitch'

// Each page is its own chunk: the first page loads Ant Design's core and the sign-in form only.
const Overview = lazy(() => import('./pages/Overview'))
const RatesDrill = lazy(() => import('./pages/RatesDrill'))
const Violations = lazy(() => import('./pages/Violations'))
const Violation = lazy(() => import('./pages/Violation'))
const Workbench = lazy(() => import('./pages/Workbench'))
const Organisation = lazy(() => import('./pages/Organisation'))
const Cases = lazy(() => import('./pages/Cases'))
const Case = lazy(() => import('./pages/Case'))
const Complaints = lazy(() => import('./pages/Complaints'))
const Complaint = lazy(() => import('./pages/Complaint'))
const Plans = lazy(() => import('./pages/Plans'))
const Plan = lazy(() => import('./pages/Plan'))
const Inspections = lazy(() => import('./pages/Inspections'))

// Colours with at least 4.5:1 contrast on white (WCAG AA): links, secondary and description text.
const theme = {
  token: {
    colorPrimary: '#0b5cad',
    colorLink: '#0b5cad',
    colorInfo: '#0b5cad',
    colorTextSecondary: '#595959',
    colorTextDescription: '#595959',
    colorTextTertiary: '#595959',
    colorTextPlaceholder: '#6e6e6e',
  },
}

const storedLanguage = (): Language => (localStorage.getItem('gsr-console-language') === 'en' ? 'en' : 'zh-CN')

export function App() {
  const [language, setLanguageState] = useState<Language>(storedLanguage)
  const [me, setMe] = useState<Me | undefined>()
  const setLanguage = useCallback((next: Language) => {
    // Only the language is remembered across visits; never a credential.
    localStorage.setItem('gsr-console-language', next)
    setLanguageState(next)
  }, [])
  useEffect(() => {
    setApiLanguage(language)
    document.documentElement.lang = language
    document.title = catalogue[language].appTitle
  }, [language])
  setApiLanguage(language)
  const signOut = useCallback(() => {
    setCredential(undefined)
    setMe(undefined)
  }, [])
  const session = useMemo(() => (me ? { me, signOut } : undefined), [me, signOut])
  return (
    <LanguageContext.Provider value={{ language, setLanguage }}>
      <ConfigProvider
        locale={language === 'en' ? enUS : zhCN}
        theme={theme}
        // Ant Design's empty state is light grey (under 4.5:1): the catalogue's words in the secondary colour.
        renderEmpty={() => <span className="empty-text">{catalogue[language].noData}</span>}
      >
        <BrowserRouter basename="/console">
          {session ? (
            <SessionContext.Provider value={session}>
              <Shell />
            </SessionContext.Provider>
          ) : (
            <SignIn
              onSignedIn={(credential, who) => {
                setCredential(credential)
                setMe(who)
              }}
            />
          )}
        </BrowserRouter>
      </ConfigProvider>
    </LanguageContext.Provider>
  )
}

function Shell() {
  const m = useMessages()
  const { me, signOut } = useSession()
  const items = [
    { to: '/overview', label: m.nav.overview },
    { to: '/violations', label: m.nav.violations },
    { to: '/workbench', label: m.nav.workbench },
    { to: '/cases', label: m.nav.cases },
    { to: '/complaints', label: m.nav.complaints },
  ]
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {m.skipToContent}
      </a>
      {/* One row from 1100px (checked at 1280px); below, the links take a row of their own (768px tablets). */}
      <Layout.Header className="console-header" data-testid="header">
        <Typography.Text strong className="console-title">
          {m.appTitle}
        </Typography.Text>
        {/* Plain links (NavLink marks the current page with aria-current). */}
        <nav aria-label={m.appTitle} className="console-nav">
          {items.map((item) => (
            <NavLink key={item.to} to={item.to}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="console-user">
          <span data-testid="team">
            {m.region}: <strong>{me.region}</strong> · {m.role}: <strong>{m.roles[me.role]}</strong>
          </span>
          <LanguageSwitch />
          <Button onClick={signOut}>{m.signOut}</Button>
        </div>
      </Layout.Header>
      <Layout.Content id="main" tabIndex={-1} style={{ padding: '16px clamp(8px, 3vw, 24px)' }}>
        <main>
          <Suspense fallback={<Spin tip={m.loading} />}>
            <Routes>
              <Route path="/" element={<Navigate to="/overview" replace />} />
              <Route path="/overview" element={<Overview />} />
              <Route path="/rates/:rate" element={<RatesDrill />} />
              <Route path="/violations" element={<Violations />} />
              <Route path="/violations/:id" element={<Violation />} />
              <Route path="/workbench" element={<Workbench />} />
              <Route path="/workbench/plans" element={<Plans />} />
              <Route path="/workbench/plans/:planId" element={<Plan />} />
              <Route path="/workbench/inspections" element={<Inspections />} />
              <Route path="/organisations/:organisationId" element={<Organisation />} />
              <Route path="/cases" element={<Cases />} />
              <Route path="/cases/:caseId" element={<Case />} />
              <Route path="/complaints" element={<Complaints />} />
              <Route path="/complaints/:complaintId" element={<Complaint />} />
              <Route path="*" element={<Navigate to="/overview" replace />} />
            </Routes>
          </Suspense>
        </main>
      </Layout.Content>
    </Layout>
  )
}
