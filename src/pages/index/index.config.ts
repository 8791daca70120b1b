export default definePageConfig({ navigationBarTitleText: '三微 · 首页', enablePullDownRefresh: true })
