// Files the figures function hands out: written to a temporary file, uploaded to cloud storage with the server SDK,
// recorded in `exports` (who, what, when, how many rows), answered with a download link.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Id } from '../../src/domain/types'
import type { ExportKind, ExportResult } from '../../src/domain/figures/api'
import { MESSAGES } from '../../src/domain/labels'
import { domainError, type DomainError } from '../../src/domain/commands'
import { cloud, db, getById, insert } from '../db'
import { newId } from '../ids'
import type { Ctx } from '../handler'

export const EXPORTS = 'exports'

export function tempFile(ext: string): string {
  return path.join(os.tmpdir(), `sanwei-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.${ext}`)
}

export interface ExportRecord {
  _id: Id; byId: Id; kind: ExportKind | 'report'; input: unknown; rows: number; fileID: string; fileName: string; at: string
  /** The call's request id, when it had one: the same request answers the same file. */
  requestId?: string
}

/** The export's id for a request: one per person and request id, so a retry finds the file the first call made. */
export function exportIdFor(personId: Id, requestId: string): Id {
  return `req${crypto.createHash('sha256').update(`${personId}\u0000${requestId}`).digest('hex').slice(0, 24)}`
}

async function linkOf(record: ExportRecord): Promise<ExportResult> {
  const urls = await cloud().getTempFileURL({ fileList: [{ fileID: record.fileID, maxAge: 3600 }] }) as { fileList: { tempFileURL: string }[] }
  return { exportId: record._id, fileID: record.fileID, url: urls.fileList[0]?.tempFileURL ?? '', fileName: record.fileName, rows: record.rows }
}

/** The first answer to this request (same kind and input), CONFLICT naming requestId when it asked for something else. */
function sameRequest(record: ExportRecord, kind: ExportRecord['kind'], input: unknown): boolean {
  return record.kind === kind && JSON.stringify(record.input) === JSON.stringify(input)
}

/**
 * An export made at most once per request id: a call with a request id seen before answers that call's file (a fresh
 * link to it) without making it again. Without a request id every call makes a new file.
 */
export async function once(ctx: Ctx, kind: ExportRecord['kind'], input: unknown, make: (exportId: Id) => Promise<ExportResult | DomainError>): Promise<ExportResult | DomainError> {
  if (!ctx.requestId) return make(newId(ctx.now))
  const exportId = exportIdFor(ctx.caller.personId, ctx.requestId)
  const first = await getById<ExportRecord>(db(), EXPORTS, exportId)
  if (first) return sameRequest(first, kind, input) ? linkOf(first) : domainError('CONFLICT', MESSAGES.requestIdReused, 'requestId')
  try {
    return await make(exportId)
  } catch (err) {
    // The same request racing itself: the other call recorded its file first; answer that one.
    const raced = await getById<ExportRecord>(db(), EXPORTS, exportId)
    if (raced && sameRequest(raced, kind, input)) return linkOf(raced)
    throw err
  }
}

/** Upload the file, record the export, remove the temporary file, answer the link. */
export async function publish(ctx: Ctx, file: string, fileName: string, kind: ExportRecord['kind'], input: unknown, rows: number, exportId: Id = newId(ctx.now)): Promise<ExportResult> {
  const ext = path.extname(fileName)
  try {
    const uploaded = await cloud().uploadFile({ cloudPath: `exports/${ctx.caller.personId}/${exportId}${ext}`, fileContent: fs.createReadStream(file) }) as { fileID?: string; code?: string; message?: string }
    if (!uploaded.fileID) throw new Error(`upload failed: ${uploaded.code ?? ''} ${uploaded.message ?? ''}`)
    const fileID = uploaded.fileID
    const record: ExportRecord = { _id: exportId, byId: ctx.caller.personId, kind, input, rows, fileID, fileName, at: ctx.now }
    if (ctx.requestId) record.requestId = ctx.requestId
    const [, urls] = await Promise.all([
      insert(db(), EXPORTS, record as unknown as Record<string, unknown>),
      cloud().getTempFileURL({ fileList: [{ fileID, maxAge: 3600 }] }) as Promise<{ fileList: { tempFileURL: string }[] }>,
    ])
    return { exportId, fileID, url: urls.fileList[0]?.tempFileURL ?? '', fileName, rows }
  } finally {
    fs.rm(file, { force: true }, () => undefined)
  }
}
