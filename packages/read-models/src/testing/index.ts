export { appendVisibly } from '../enforcement/testing/appendVisibly.ts'
export { enforcementScenario } from '../enforcement/testing/enforcementScenario.ts'
export { equipmentTestStore } from '../equipment/testing/equipmentTestStore.ts'
