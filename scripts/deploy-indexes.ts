// Applies server/indexes.json — the one index file the local CloudBase also honours — to a real CloudBase environment.
// Usage: TCB_ENV_ID=<env> TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… npx tsx scripts/deploy-indexes.ts [--dry-run]
// Needs @cloudbase/manager-node (the official management SDK): `npm i --no-save @cloudbase/manager-node`. It is not a
// dependency of the project because only a deploy from a developer's machine uses it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface IndexSpec { name: string; keys: Record<string, 1 | -1>; unique?: boolean }
export type IndexFile = Record<string, IndexSpec[]>

/** CloudBase's UpdateTable `CreateIndexes` entry for one index of ours. */
export interface CloudBaseCreateIndex {
  IndexName: string
  MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: { Name: string; Direction: '1' | '-1' }[] }
}

export interface CollectionPlan { collection: string; createIndexes: CloudBaseCreateIndex[] }

export function toCreateIndex(spec: IndexSpec): CloudBaseCreateIndex {
  const keys = Object.entries(spec.keys)
  if (keys.length === 0) throw new Error(`index ${spec.name} has no keys`)
  return {
    IndexName: spec.name,
    MgoKeySchema: {
      MgoIsUnique: Boolean(spec.unique),
      MgoIndexKeys: keys.map(([Name, dir]) => {
        if (dir !== 1 && dir !== -1) throw new Error(`index ${spec.name}: direction of ${Name} must be 1 or -1`)
        return { Name, Direction: dir === 1 ? '1' : '-1' }
      }),
    },
  }
}

/** What to create, given which index names each collection already has (from DescribeTable). `_id` is built in. */
export function planIndexDeployment(file: IndexFile, existing: Record<string, string[]> = {}): CollectionPlan[] {
  return Object.entries(file).map(([collection, specs]) => ({
    collection,
    createIndexes: specs
      .filter((s) => !(existing[collection] ?? []).includes(s.name))
      .map(toCreateIndex),
  }))
}

async function main(): Promise<void> {
  const dryRun = process.argv.includes('--dry-run')
  const file = JSON.parse(readFileSync(join(__dirname, '..', 'server', 'indexes.json'), 'utf8')) as IndexFile
  if (dryRun) {
    for (const p of planIndexDeployment(file)) console.log(JSON.stringify(p))
    return
  }
  const envId = process.env.TCB_ENV_ID
  if (!envId) throw new Error('TCB_ENV_ID is required (the CloudBase environment id)')
  let CloudBase: new (o: object) => { database: any }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    CloudBase = require('@cloudbase/manager-node')
  } catch {
    throw new Error('install the management SDK first: npm i --no-save @cloudbase/manager-node')
  }
  const app = new CloudBase({ envId, secretId: process.env.TENCENTCLOUD_SECRETID, secretKey: process.env.TENCENTCLOUD_SECRETKEY })
  for (const collection of Object.keys(file)) {
    await app.database.createCollectionIfNotExists(collection)
    const described = await app.database.describeCollection(collection)
    const have = (described.Indexes ?? []).map((i: { Name: string }) => i.Name)
    const [plan] = planIndexDeployment({ [collection]: file[collection] }, { [collection]: have })
    if (plan.createIndexes.length) await app.database.updateCollection(collection, { CreateIndexes: plan.createIndexes })
    console.log(`${collection}: ${plan.createIndexes.length} index(es) created, ${have.length} already there`)
  }
}

if (require.main === module) {
  main().catch((e) => { console.error(String(e?.message ?? e)); process.exit(1) })
}
