// Files the figures function hands out: written to a temporary file, uploaded to cloud storage with the server SDK,
// recorded in `exports` (who, what, when, how many rows), answered with a download link.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Id } from '../../src/domain/types'
import type { ExportKind, ExportResult } from '../../src/domain/figures/api'
import { cloud, db, insert } from '../db'
import { newId } from '../ids'
import type { Ctx } from '../handler'

export const EXPORTS = 'exports'

export function tempFile(ext: string): string {
  return path.join(os.tmpdir(), `sanwei-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.${ext}`)
}

export interface ExportRecord {
  _id: Id; byId: Id; kind: ExportKind | 'report'; input: unknown; rows: number; fileID: string; fileName: string; at: string
}

/** Upload the file, record the export, remove the temporary file, answer the link. */
export async function publish(ctx: Ctx, file: string, fileName: string, kind: ExportRecord['kind'], input: unknown, rows: number): Promise<ExportResult> {
  const exportId = newId(ctx.now)
  const ext = path.extname(fileName)
  try {
    const uploaded = await cloud().uploadFile({ cloudPath: `exports/${ctx.caller.personId}/${exportId}${ext}`, fileContent: fs.createReadStream(file) }) as { fileID?: string; code?: string; message?: string }
    if (!uploaded.fileID) throw new Error(`upload failed: ${uploaded.code ?? ''} ${uploaded.message ?? ''}`)
    const fileID = uploaded.fileID
    const record: ExportRecord = { _id: exportId, byId: ctx.caller.personId, kind, input, rows, fileID, fileName, at: ctx.now }
    const [, urls] = await Promise.all([
      insert(db(), EXPORTS, record as unknown as Record<string, unknown>),
      cloud().getTempFileURL({ fileList: [{ fileID, maxAge: 3600 }] }) as Promise<{ fileList: { tempFileURL: string }[] }>,
    ])
    return { exportId, fileID, url: urls.fileList[0]?.tempFileURL ?? '', fileName, rows }
  } finally {
    fs.rm(file, { force: true }, () => undefined)
  }
}
