export default definePageConfig({ navigationBarTitleText: '请你来协商', enablePullDownRefresh: true })
