export const logI18n = {
  'zh-CN': {
    title: '核验回执',
    checking: '正在核验……',
    pending: '这张回执刚刚写入，正在进入公开记录，请稍候……',
    verified: '✓ 已核验：这条记录在公开记录中，且未被改动。',
    verifiedDetail:
      '您的浏览器自己算出了这条记录的哈希，沿着证明路径算到公开日志的根，并用平台公布的公钥核对了根上的签名。整个过程不依赖平台说什么。',
    pathOnly: '✓ 这条记录在公开记录中，且未被改动（已核对证明路径）。您的浏览器不支持 Ed25519 签名核验，签名未能在本机核对。',
    failed: '✗ 核验未通过：这条记录与公开记录不一致。请联系社区并保存本页截图。',
    notFound: '公开记录中没有找到这张回执。',
    kind: { ballot: '选票回执', certificate: '服务时长证明', decision: '议事决定' },
    size: '公开记录条数',
    root: '记录根哈希',
    at: '签名时间',
    keyId: '公钥编号',
    leaf: '本条记录在公开记录中的位置',
  },
  en: {
    title: 'Check a receipt',
    checking: 'Checking…',
    pending: 'This receipt was just written and is entering the public record; one moment…',
    verified: '✓ Verified: this entry is in the public record, unchanged.',
    verifiedDetail:
      'Your browser hashed the entry itself, followed the proof up to the root of the public log and checked the signature on that root with the published key. Nothing rests on the platform’s word.',
    pathOnly:
      '✓ This entry is in the public record, unchanged (proof path checked). Your browser cannot check Ed25519 signatures, so the signature was not checked here.',
    failed:
      '✗ Not verified: this entry does not match the public record. Please tell the community office and keep a screenshot.',
    notFound: 'This receipt is not in the public record.',
    kind: { ballot: 'Ballot receipt', certificate: 'Hours certificate', decision: 'Council decision' },
    size: 'Entries in the public record',
    root: 'Root hash',
    at: 'Signed at',
    keyId: 'Key id',
    leaf: 'Position of this entry in the record',
  },
};
