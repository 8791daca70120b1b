// H5 only (development against the local CloudBase): act as one of the seeded people. Never part of the WeChat build.
import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { devOpenid, setDevOpenid } from '@/api/identity'
import './switcher.h5.css'

interface DevIdentity { openid: string; name: string; role: string }

/** The seed's people, used when the emulator does not list them at GET /api/dev/identities. */
const SEEDED: DevIdentity[] = [
  { openid: 'demo-citizen', name: '群众', role: 'citizen' },
  { openid: 'demo-member', name: '委员', role: 'member' },
  { openid: 'demo-staff', name: '工作人员', role: 'staff' },
  { openid: 'demo-admin', name: '管理员', role: 'admin' },
  { openid: 'demo-dept', name: '部门办理人', role: 'departmentHandler' },
  { openid: 'demo-evaluator', name: '第三方评价人', role: 'evaluator' },
]

export default function DevIdentitySwitcher() {
  const [list, setList] = useState<DevIdentity[]>(SEEDED)
  const current = devOpenid()
  useEffect(() => {
    let live = true
    fetch('/api/dev/identities')
      .then((r) => (r.ok ? r.json() : null))
      .then((body: { identities?: DevIdentity[] } | DevIdentity[] | null) => {
        const got = Array.isArray(body) ? body : body?.identities
        if (live && got && got.length) setList(got)
      })
      .catch(() => undefined)
    return () => { live = false }
  }, [])
  const choose = (openid: string) => {
    if (openid === current) return
    setDevOpenid(openid)
    // Start clean as the new person, on the same screen: every cache (me, lists) belongs to the old one.
    window.location.reload()
  }
  return (
    <View className='dev-switcher' data-testid='dev-switcher'>
      <Text className='small'>开发用：切换身份（仅浏览器版）当前 {current}</Text>
      <View className='choice-row mt' role='radiogroup' aria-label='切换身份'>
        {list.map((p) => (
          <View
            key={p.openid}
            className={'choice' + (p.openid === current ? ' choice-active' : '')}
            role='radio'
            aria-checked={p.openid === current}
            data-openid={p.openid}
            onClick={() => choose(p.openid)}
          >
            <Text>{p.name}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
