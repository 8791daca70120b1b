// Small building blocks every screen uses: loading, empty and error states, a sheet for forms, choice chips, a labelled field.
import type { ComponentProps, ReactNode } from 'react'
import { View, Text, Button } from '@tarojs/components'
import type { ApiError } from '@/api'

/**
 * Taro's Button, with `disabled` written only when true. The H5 build renders `disabled={false}` as `disabled="false"`,
 * and Taro's own `taro-button-core[disabled]` rule then fades the label (white on white on 关注). `loading` is not
 * passed on: toggling it makes the H5 button insert its spinner before a text node React has already replaced
 * (the console's repeated `insertBefore` error); a busy button says so in its label instead.
 */
export function Btn({ disabled, loading: _loading, ...props }: ComponentProps<typeof Button>) {
  return <Button {...props} {...(disabled ? { disabled: true } : {})} />
}

export function Loading({ text = '正在加载…' }: { text?: string }) {
  return <View className='loading' aria-busy='true'><Text>{text}</Text></View>
}

export function EmptyState({ text, children }: { text: string; children?: ReactNode }) {
  return (
    <View className='empty' data-testid='empty'>
      <Text>{text}</Text>
      {children}
    </View>
  )
}

export function ErrorBox({ error, onRetry }: { error: ApiError | null | undefined; onRetry?: () => void }) {
  if (!error) return null
  return (
    <View className='error-box' role='alert' data-testid='error' data-code={error.code}>
      <Text>{error.message}</Text>
      {onRetry && (
        <Btn className='btn btn-small mt' onClick={onRetry}>重试</Btn>
      )}
    </View>
  )
}

export function Sheet({ title, children, onClose }: { title: string; children: ReactNode; onClose: () => void }) {
  return (
    <View className='modal-mask' onClick={onClose}>
      <View className='modal' role='dialog' aria-label={title} onClick={(e) => e.stopPropagation()}>
        <View className='row-between'>
          <Text className='modal-title'>{title}</Text>
          <Btn className='btn btn-small modal-close' aria-label='关闭' onClick={onClose}>关闭</Btn>
        </View>
        {children}
      </View>
    </View>
  )
}

export function Field({ label, error, children, hint }: { label: string; error?: string | null; hint?: ReactNode; children: ReactNode }) {
  return (
    <View className='field'>
      <Text className='label'>{label}</Text>
      {children}
      {hint}
      {error ? <View className='field-error' role='alert' data-testid='field-error'><Text>{error}</Text></View> : null}
    </View>
  )
}

export interface Choice<V extends string> { value: V; label: string }

export function Chips<V extends string>({ choices, value, onChange, label }: {
  choices: readonly Choice<V>[]; value: V | null | undefined; onChange: (v: V) => void; label: string
}) {
  return (
    <View className='choice-row' role='radiogroup' aria-label={label}>
      {choices.map((c) => (
        <View
          key={c.value}
          className={'choice' + (c.value === value ? ' choice-active' : '')}
          role='radio'
          aria-checked={c.value === value}
          onClick={() => onChange(c.value)}
        >
          <Text>{c.label}</Text>
        </View>
      ))}
    </View>
  )
}

export function Tabs<V extends string>({ tabs, value, onChange, counts, label }: {
  tabs: readonly Choice<V>[]; value: V; onChange: (v: V) => void; counts?: Partial<Record<V, number>> | null; label: string
}) {
  return (
    <View className='tabs' role='tablist' aria-label={label}>
      {tabs.map((t) => (
        <View
          key={t.value}
          className={'tab' + (t.value === value ? ' tab-active' : '')}
          role='tab'
          aria-selected={t.value === value}
          onClick={() => onChange(t.value)}
        >
          <Text>{t.label}</Text>
          {counts && counts[t.value] !== undefined ? <Text className='badge'>{counts[t.value]}</Text> : null}
        </View>
      ))}
    </View>
  )
}
