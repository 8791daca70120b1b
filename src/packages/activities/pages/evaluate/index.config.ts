export default definePageConfig({ navigationBarTitleText: '第三方评价' })
