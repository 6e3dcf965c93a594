import { NavLink } from 'react-router-dom'
import { useMessages } from './session'

/** The workbench's pages: rectification orders, random inspection plans, routine inspections. */
export function WorkbenchNav() {
  const m = useMessages()
  const tabs = [
    { to: '/workbench', label: m.workbenchTabs.orders, end: true },
    { to: '/workbench/plans', label: m.workbenchTabs.plans, end: false },
    { to: '/workbench/inspections', label: m.workbenchTabs.inspections, end: false },
  ]
  return (
    <nav aria-label={m.nav.workbench} className="workbench-nav">
      {tabs.map((t) => (
        <NavLink key={t.to} to={t.to} end={t.end}>
          {t.label}
        </NavLink>
      ))}
    </nav>
  )
}
