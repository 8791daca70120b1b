export default definePageConfig({ navigationBarTitleText: '微信工作群', enablePullDownRefresh: true, enableShareAppMessage: true })
