export default definePageConfig({ navigationBarTitleText: '关键词搜索' })
