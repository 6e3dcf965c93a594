import t from 'tap'
import { languageOf } from './language.ts'

t.test('Accept-Language picks zh-CN or English by quality', async (t) => {
  t.equal(languageOf(undefined), 'en')
  t.equal(languageOf('zh-CN'), 'zh-CN')
  t.equal(languageOf('zh-Hans-CN,zh;q=0.9'), 'zh-CN')
  t.equal(languageOf('en-US,en;q=0.9,zh-CN;q=0.8'), 'en')
  t.equal(languageOf('fr-FR,zh;q=0.5,en;q=0.3'), 'zh-CN')
  t.equal(languageOf('en;q=0.2,zh-CN;q=0.9'), 'zh-CN')
  t.equal(languageOf('zh;q=0,en'), 'en')
  t.equal(languageOf('de'), 'en')
})
