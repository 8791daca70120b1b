export default definePageConfig({ navigationBarTitleText: '履职记录', enablePullDownRefresh: true })
