// A tiny renderer for component tests (no testing-library here): mount into jsdom, act, query, type, click.
import { act, type ReactElement } from 'react'

// @types/react-dom is not installed; the two calls used here, typed by hand.
interface Root { render(ui: ReactElement): void; unmount(): void }
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createRoot } = require('react-dom/client') as { createRoot: (el: Element) => Root }

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

export interface Mounted {
  container: HTMLElement
  text: () => string
  q: (selector: string) => HTMLElement | null
  qa: (selector: string) => HTMLElement[]
  click: (el: Element | null) => Promise<void>
  type: (el: Element | null, value: string) => Promise<void>
  byText: (text: string) => HTMLElement | null
  flush: () => Promise<void>
  /** Waits for what a person would wait for (a debounced hint, an answer) instead of a fixed time; fails after `ms`. */
  waitFor: (what: () => boolean, ms?: number) => Promise<void>
  /** Runs `fn` (a page event, a promise settling) inside act, then lets effects settle. */
  act: (fn: () => unknown) => Promise<void>
  unmount: () => void
}

export async function mount(ui: ReactElement): Promise<Mounted> {
  const container = document.createElement('div')
  document.body.appendChild(container)
  let root: Root
  await act(async () => {
    root = createRoot(container)
    root.render(ui)
  })
  const flush = async () => { await act(async () => { await new Promise((r) => setTimeout(r, 0)) }) }
  return {
    container,
    text: () => container.textContent ?? '',
    q: (s) => container.querySelector(s),
    qa: (s) => Array.from(container.querySelectorAll(s)),
    click: async (el) => {
      if (!el) throw new Error('nothing to click')
      await act(async () => { (el as HTMLElement).click() })
      await flush()
    },
    type: async (el, value) => {
      if (!el) throw new Error('nothing to type into')
      const input = el as HTMLInputElement | HTMLTextAreaElement
      const proto = input instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype
      await act(async () => {
        Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(input, value)
        input.dispatchEvent(new Event('input', { bubbles: true }))
      })
    },
    byText: (t) => Array.from(container.querySelectorAll<HTMLElement>('*')).find((e) => e.children.length === 0 && e.textContent === t) ?? null,
    flush,
    waitFor: async (what, ms = 5000) => {
      const until = Date.now() + ms
      while (!what()) {
        if (Date.now() > until) throw new Error(`waited ${ms} ms for ${what.toString()}`)
        await act(async () => { await new Promise((r) => setTimeout(r, 20)) })
      }
    },
    act: async (fn) => {
      await act(async () => { await fn() })
      await flush()
    },
    unmount: () => { act(() => root.unmount()); container.remove() },
  }
}
