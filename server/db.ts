// The one CloudBase handle. Environment variables alone choose the cloud or the local CloudBase: no local branch here.
// The SDK's database types are `any`; this file narrows them to the few calls the repositories make.
import tcb from '@cloudbase/node-sdk'

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Doc = Record<string, any>

/** Either the database or an open transaction: repositories read and write through whichever they are given. */
export interface Scope { collection(name: string): any }
export interface Db extends Scope {
  command: any
  runTransaction<T>(cb: (t: Scope) => Promise<T>, times?: number): Promise<T>
}

let app: ReturnType<typeof tcb.init> | undefined
let database: Db | undefined

export function cloud(): ReturnType<typeof tcb.init> {
  if (!app) app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  return app
}

export function db(): Db {
  if (!database) database = cloud().database() as unknown as Db
  return database
}

/** One document by id, or null. (The SDK answers `{data: [doc]}` outside a transaction and `{data: doc|null}` inside.) */
export async function getById<T = Doc>(scope: Scope, collection: string, id: string): Promise<T | null> {
  const res = await scope.collection(collection).doc(id).get()
  const data = res?.data
  if (Array.isArray(data)) return (data[0] as T) ?? null
  return (data as T) ?? null
}

/** Write a whole document under its id (replacing it). */
export async function put(scope: Scope, collection: string, doc: Doc): Promise<void> {
  const { _id, ...rest } = doc
  await scope.collection(collection).doc(_id).set(rest)
}

/** Insert a new document with a known id (fails if it exists). */
export async function insert(scope: Scope, collection: string, doc: Doc): Promise<void> {
  const { _id, ...rest } = doc
  await scope.collection(collection).doc(_id).create(rest)
}
