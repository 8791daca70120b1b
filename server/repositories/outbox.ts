// The `outbox` collection: notifications written in the command's transaction; a dispatcher sends them later.
import type { OutboxRow } from '../../src/domain/commands'
import { insert, type Scope } from '../db'
import { newId } from '../ids'
import { templateFields } from '../templates'

export const OUTBOX = 'outbox'

export async function addOutboxRows(scope: Scope, rows: OutboxRow[]): Promise<void> {
  await Promise.all(rows.map((row) => {
    const { data, ...rest } = row
    const t = templateFields(row.templateKey, data)
    return insert(scope, OUTBOX, { _id: newId(row.createdAt), ...rest, templateId: t.templateId, data: t.data })
  }))
}
