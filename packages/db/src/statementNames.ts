/**
 * The statement names of one client: a name is bound to the first text it is used with, and
 * refused with any other (node-postgres would refuse it only on a connection that already
 * prepared it, and prepare the other text on the rest).
 */
export function statementNames(): (name: string, text: string) => void {
  const texts = new Map<string, string>()
  return (name, text) => {
    const known = texts.get(name)
    if (known === undefined) texts.set(name, text)
    else if (known !== text)
      throw new TypeError(`statement name ${JSON.stringify(name)} is already used for another text`)
  }
}
