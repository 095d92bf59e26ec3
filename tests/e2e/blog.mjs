// A small Chinese blog, written as Hugo, Hexo and Jekyll sources by
// generators.test.mjs: three posts with tags, categories and `##`
// headings, and words that appear only in the theme's furniture (menu,
// footer), so that a search for them shows whether furniture was indexed.

/** Words that the themes' menus and footers carry and no post does. */
export const furniture = {
  menu: '友情链接',
  footer: '本站由静态生成器驱动',
};

export const posts = [
  {
    slug: 'canary-release',
    title: '灰度发布实践',
    date: '2024-03-01',
    tags: ['发布', 'Kubernetes'],
    categories: ['运维'],
    intro: '这篇文章记录我们在生产环境里做灰度发布的完整过程，从准备到回退都有。',
    sections: [
      ['准备工作', '上线之前先确认监控面板齐全，告警阈值已经按照新版本的特点调整好，值班同学清楚每一步的操作。'],
      ['流量切换', '灰度阶段先把百分之五的流量切到新版本，观察错误率和延迟，一个小时没有异常再逐步放大到一半，最后全量。'],
      ['回退方案', '一旦错误率超过千分之一，立刻把权重调回旧版本，同时保留现场日志，方便事后复盘。'],
    ],
  },
  {
    slug: 'service-mesh',
    title: '服务网格入门',
    date: '2024-02-10',
    tags: ['Istio', 'Kubernetes'],
    categories: ['架构'],
    intro: '服务网格把服务之间通信的治理能力从业务代码里拿出来，交给基础设施。',
    sections: [
      ['数据平面', '每个服务旁边运行一个边车代理，负责转发请求、重试、熔断和收集遥测数据，业务进程对此毫无感知。'],
      ['控制平面', '控制平面统一下发路由规则和证书，运维人员通过声明式配置就能调整整个集群的流量策略。'],
    ],
  },
  {
    slug: 'container-network',
    title: '容器网络排障笔记',
    date: '2024-01-20',
    tags: ['网络'],
    categories: ['运维'],
    intro: '记录一次容器之间偶发超时的排查经历，最后发现是连接跟踪表被打满。',
    sections: [
      ['现象描述', '凌晨开始陆续出现接口超时，重试之后又能成功，监控上看不出明显的资源瓶颈。'],
      ['抓包定位', '在宿主机上对虚拟网卡抓包，发现握手包被悄悄丢弃，顺着内核日志找到了连接跟踪表溢出的告警。'],
    ],
  },
];

/** A post's Markdown body: its intro, then a `##` section per heading. */
export function body(post) {
  return [post.intro, '', ...post.sections.flatMap(([h, text]) => [`## ${h}`, '', text, '', text, ''])].join('\n');
}

/** YAML front matter from a plain object of strings and string lists. */
export function yaml(fields) {
  const lines = ['---'];
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) lines.push(`${key}: [${value.map((v) => JSON.stringify(v)).join(', ')}]`);
    else lines.push(`${key}: ${JSON.stringify(value)}`);
  }
  lines.push('---', '');
  return lines.join('\n');
}
