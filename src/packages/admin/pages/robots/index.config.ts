export default definePageConfig({ navigationBarTitleText: '工作群机器人' })
