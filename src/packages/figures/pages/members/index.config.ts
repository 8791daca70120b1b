export default definePageConfig({ navigationBarTitleText: '委员履职记录', enablePullDownRefresh: true })
