import { Button } from 'antd'
import { useLanguage, useMessages } from './session'

/** Switches zh-CN / English; the button names the other language in that language. */
export function LanguageSwitch() {
  const { language, setLanguage } = useLanguage()
  const m = useMessages()
  return (
    <Button
      type="link"
      lang={language === 'en' ? 'zh-CN' : 'en'}
      aria-label={`${m.language}: ${m.switchLanguage}`}
      onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}
      style={{ color: 'inherit' }}
    >
      {m.switchLanguage}
    </Button>
  )
}
