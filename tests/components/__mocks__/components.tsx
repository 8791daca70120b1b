// Light stand-ins for @tarojs/components in jsdom: plain elements with Taro's event shapes (e.detail.value).
import React from 'react'

type Props = Record<string, unknown> & { children?: React.ReactNode }
const DROP = new Set(['scrollX', 'scrollY', 'mode', 'loading', 'color', 'range', 'start', 'end', 'hoverClass', 'enablePullDownRefresh'])

function clean(p: Props): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(p)) {
    if (DROP.has(k)) continue
    if (k === 'maxlength') out.maxLength = v
    else out[k] = v
  }
  return out
}

export const View = (p: Props) => <div {...clean(p)} />
export const Text = (p: Props) => <span {...clean(p)} />
export const ScrollView = (p: Props) => <div {...clean(p)} />
export const Image = (p: Props) => <img alt='' {...clean(p)} />
export const Button = ({ onClick, disabled, ...p }: Props & { onClick?: () => void; disabled?: boolean }) => (
  <button type='button' disabled={!!disabled} onClick={onClick} {...clean(p)} />
)
export const Input = ({ onInput, value, ...p }: Props & { onInput?: (e: { detail: { value: string } }) => void; value?: string }) => (
  <input {...clean(p)} value={value ?? ''} onChange={(e) => onInput?.({ detail: { value: e.currentTarget.value } })} />
)
export const Textarea = ({ onInput, value, ...p }: Props & { onInput?: (e: { detail: { value: string } }) => void; value?: string }) => (
  <textarea {...clean(p)} value={value ?? ''} onChange={(e) => onInput?.({ detail: { value: e.currentTarget.value } })} />
)
export const Switch = ({ onChange, checked, ...p }: Props & { onChange?: (e: { detail: { value: boolean } }) => void; checked?: boolean }) => (
  <input type='checkbox' {...clean(p)} checked={!!checked} onChange={(e) => onChange?.({ detail: { value: e.currentTarget.checked } })} />
)
export const Picker = ({ children }: Props) => <div>{children}</div>
