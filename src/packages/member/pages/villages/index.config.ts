export default definePageConfig({ navigationBarTitleText: '我的村社区', enablePullDownRefresh: true })
