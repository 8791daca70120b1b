import { planIndexDeployment, toCreateIndex } from '../../scripts/deploy-indexes'

describe('deploying the index file to CloudBase', () => {
  it('turns each index into an UpdateTable CreateIndexes entry, keeping key order and direction', () => {
    expect(toCreateIndex({ name: 'status_createdAt', keys: { status: 1, createdAt: -1 } })).toEqual({
      IndexName: 'status_createdAt',
      MgoKeySchema: { MgoIsUnique: false, MgoIndexKeys: [{ Name: 'status', Direction: '1' }, { Name: 'createdAt', Direction: '-1' }] },
    })
  })

  it('creates only the indexes a collection does not have yet', () => {
    const plan = planIndexDeployment(
      { suggestions: [{ name: 'a', keys: { x: 1 } }, { name: 'b', keys: { y: 1 }, unique: true }], events: [] },
      { suggestions: ['a'] },
    )
    expect(plan).toEqual([
      { collection: 'suggestions', createIndexes: [{ IndexName: 'b', MgoKeySchema: { MgoIsUnique: true, MgoIndexKeys: [{ Name: 'y', Direction: '1' }] } }] },
      { collection: 'events', createIndexes: [] },
    ])
  })

  it('refuses an index with a direction CloudBase does not know', () => {
    expect(() => toCreateIndex({ name: 'bad', keys: { x: 2 as 1 } })).toThrow(/direction of x/)
  })
})
