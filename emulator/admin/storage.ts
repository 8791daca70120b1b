// storage.* actions of the /admin protocol that resolve to the local file storage (getTempFileURL, deleteFile).
import type { LocalStorage } from '../gateway/storage'
import { AdminError, type ActionHandler } from './protocol'

function fileList(body: Record<string, unknown>, key: string): unknown[] {
  const list = body[key]
  if (!Array.isArray(list)) throw new AdminError('INVALID_PARAM', `${key} must be an array`)
  return list
}

/** node-sdk getTempFileURL → storage.batchGetDownloadUrl { file_list: [{ fileid, max_age }] } */
export function batchGetDownloadUrlAction(storage: LocalStorage, baseUrl: () => string): ActionHandler {
  return async (body) => {
    const download_list = fileList(body, 'file_list').map((item) => {
      const fileID = String((item as { fileid?: unknown })?.fileid ?? item ?? '')
      const rel = storage.pathOfFileId(fileID)
      if (!rel || !storage.exists(rel)) return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' }
      return { fileID, tempFileURL: `${baseUrl()}/api/storage/${rel.split('/').map(encodeURIComponent).join('/')}`, code: 'SUCCESS' }
    })
    return { data: { download_list } }
  }
}

/** node-sdk deleteFile → storage.batchDeleteFile { fileid_list: [fileID] } */
export function batchDeleteFileAction(storage: LocalStorage): ActionHandler {
  return async (body) => {
    const delete_list = fileList(body, 'fileid_list').map((item) => {
      const fileID = String(item ?? '')
      const rel = storage.pathOfFileId(fileID)
      return { fileID, code: rel && storage.remove(rel) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' }
    })
    return { data: { delete_list } }
  }
}

/**
 * node-sdk uploadFile, step 1 → storage.getUploadMetadata { path, method: 'put' }: where to PUT the bytes. CloudBase
 * answers a signed COS URL; here it is this server's own COS stand-in (`PUT /api/storage/cos/<path>`, below).
 */
export function getUploadMetadataAction(storage: LocalStorage, baseUrl: () => string): ActionHandler {
  return async (body) => {
    const rel = storage.safePath(String(body.path ?? ''))
    if (!rel) throw new AdminError('INVALID_PARAM', 'path is invalid')
    return {
      data: {
        url: `${baseUrl()}/api/storage/cos/${rel.split('/').map(encodeURIComponent).join('/')}`,
        token: 'local-cos-token', authorization: 'local-cos-signature', fileId: storage.fileIdOf(rel), cosFileId: `local-${rel}`,
      },
    }
  }
}
