// H5 only (development against the local CloudBase): open a card as if from a WeChat group the developer names. The
// page is reloaded with fromGroup=<name>; the H5 stand-in of getGroupEnterInfo (api/groupEnter.h5.ts) reads it.
import { useState } from 'react'
import { View, Text, Input, Button } from '@tarojs/components'
import '../DevIdentitySwitcher/switcher.h5.css'

export default function DevGroupPicker({ path, label }: { path: string; label: string }) {
  const [group, setGroup] = useState('演示微信群')
  const open = () => {
    const name = group.trim()
    if (!name) return
    window.location.hash = '#' + path + (path.includes('?') ? '&' : '?') + 'fromGroup=' + encodeURIComponent(name)
    window.location.reload()
  }
  return (
    <View className='dev-switcher mt' data-testid='dev-group-picker' data-path={path}>
      <Text className='small'>开发用（仅浏览器版）：{label}</Text>
      <View className='row mt'>
        <Input className='input gap' aria-label='群名称' data-testid='dev-group-name' value={group} onInput={(e) => setGroup(e.detail.value)} />
        <Button className='btn btn-small' data-testid='dev-group-open' onClick={open}>从这个群打开</Button>
      </View>
    </View>
  )
}
