import { View, Text } from '@tarojs/components'

export default function Page() {
  return <View className='page'><Text>admin/pages/index</Text></View>
}
