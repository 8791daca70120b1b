// On H5 the local CloudBase serves cloud://<env>.<bucket>/<path> at /api/storage/<path>.
export function fileUrl(fileId: string): string {
  const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId)
  return m ? '/api/storage/' + m[1] : fileId
}
