// Stop words of the text pipeline: Chinese function words, pronouns and the boilerplate of a
// hotline record ("来电人反映…", "请相关部门尽快处理"), which say nothing about what a request is
// about. Hand-written for Minsheng. Punctuation and whitespace are dropped by the pipeline itself.

const FUNCTION_WORDS = `
的 了 在 是 和 与 及 或 而 也 都 就 又 还 再 并 且 但 却 则 即 乃 之 其 此 该 这 那 这个 那个 这些 那些 这样 那样 这里 那里
这种 那种 着 过 地 得 所 把 被 给 对 从 向 往 于 以 由 为 因 因为 所以 如果 虽然 但是 而且 并且 然后 或者 还是 以及 以便 以免
我 我们 你 你们 您 他 他们 她 她们 它 它们 自己 本人 大家 咱们 人家 别人 某 某些 每 各 各个 任何 什么 怎么 怎样 如何 为什么 哪 哪里
哪些 多少 几 谁 吗 呢 吧 啊 呀 哦 嘛 么 哈 啦 罢了 而已 等 等等 之类 一个 一些 一下 一直 一样 一起 一定 已 已经 曾经 正在 将 将要
会 能 可 可以 能够 应 应该 应当 要 需要 想 想要 得到 没 没有 不 不是 不要 不能 不会 不用 无 非 很 非常 太 更 最 比较 十分 特别
真 真的 好 有 有的 有些 是否 是不是 就是 只是 只有 只要 还有 其他 其它 另外 此外 同时 然而 不过 甚至 尤其 比如 例如 关于 对于
根据 按照 通过 进行 作为 成为 出现 存在 目前 现在 当前 今天 今年 近期 最近 之前 之后 以前 以后 期间 时候 时 后 前 中 上 下
里 内 外 间 个 些 次 位 名 件 点 方面 情况 问题 事情 事 东西 一 二 两 三 几个 多 少 大 小 去 来 到 说 看 让 使 做 用 用于
请问 能否 可否 是否能 为何 何时 何日 有何 具体 怎么办 什么时候 到底 究竟 还是 一下子 之前 以来 以上 以下 左右
`;

// The way a hotline record is written, not what it is about.
const HOTLINE_BOILERPLATE = `
来电 来电人 来电者 市民 群众 网友 反映 反应 投诉 举报 咨询 求助 建议 表扬 诉求 要求 希望 请求 恳请 请 烦请 麻烦 尽快 及时
相关 相关部门 有关 有关部门 部门 领导 政府 处理 解决 协调 核实 查处 落实 帮助 帮忙 关注 重视 答复 回复 谢谢 感谢 您好 你好
尊敬 敬请 特此 反馈 表示 称 称其 告知 了解 情况 现 现在 目前 一直 多次 多年 已经 长期 经常 严重 影响 造成 导致 市 区 县
`;

export const STOP_WORDS: ReadonlySet<string> = new Set(
  `${FUNCTION_WORDS} ${HOTLINE_BOILERPLATE}`.split(/\s+/).filter(Boolean),
);
