import t from 'tap'
import { usccCheckCharacter, usccDefect } from './unifiedSocialCreditCode.ts'

// Codes as published on business licences (national enterprise credit information system).
const published = [
  '91350100M000100Y43', // the standard's worked example (GB 32100-2015, appendix)
  '91330100716105852F', // a Hangzhou company: check character a letter
  '9144030071526726XG', // a Shenzhen company: X inside the organisation code
  '914403001922038216', // a Shenzhen company: all digits
  '91110000802100433B', // a Beijing company
]

t.test('published codes are accepted and their check character recomputed', async (t) => {
  for (const code of published) {
    t.equal(usccDefect(code), undefined, code)
    t.equal(usccCheckCharacter(code.slice(0, 17)), code[17], code)
  }
})

t.test('a wrong check character is refused, whichever character it is', async (t) => {
  for (const code of published) {
    for (const wrong of ['0', 'A', 'Y'].filter((c) => c !== code[17]))
      t.equal(usccDefect(code.slice(0, 17) + wrong), 'check_character', `${code.slice(0, 17)}${wrong}`)
  }
  // One character mistyped in the body changes the check character.
  t.equal(usccDefect('91330100716105853F'), 'check_character')
  // Two neighbouring characters swapped (a common typing slip).
  t.equal(usccDefect('91331000716105852F'), 'check_character')
})

t.test('length and character set', async (t) => {
  t.equal(usccDefect('91330100716105852'), 'length')
  t.equal(usccDefect('91330100716105852FF'), 'length')
  t.equal(usccDefect(''), 'length')
  t.equal(usccDefect('91330100716105852f'), 'character', 'lower case')
  t.equal(usccDefect('9133010071610585IF'), 'character', 'I is not in the set')
  t.equal(usccDefect('9133010071610585OF'), 'character', 'O is not in the set')
  t.equal(usccDefect('91330100 16105852F'), 'character')
})
