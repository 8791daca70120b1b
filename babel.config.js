// babel-preset-taro. For H5 the preset imports helpers from @babel/runtime-corejs3 but passes @babel/runtime's version,
// and the two differ by a patch here: pass the corejs3 package's own version (taro-on-this-machine.md, trap 1).
const isH5 = process.env.TARO_ENV === 'h5'
module.exports = {
  presets: [
    ['taro', {
      framework: 'react',
      ts: true,
      compiler: 'webpack5',
      ...(isH5 ? { version: require('@babel/runtime-corejs3/package.json').version } : {}),
    }],
  ],
}
