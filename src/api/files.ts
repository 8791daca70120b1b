// Where an uploaded file can be shown: on WeChat a cloud:// id is an image src as it is.
export function fileUrl(fileId: string): string {
  return fileId
}
