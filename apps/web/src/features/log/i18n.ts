import { addStrings } from '../../i18n';

/** The public log's strings (receipt and checkpoint pages, the 公示 stamp): added when one of them loads. */
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
    stamp: {
      title: '公开记录见证',
      hint: '本公示制作时公开记录的签名快照。请保留纸质公示：日后扫码可核对公开记录是否被截短或改写。',
      size: '记录条数：{{n}}',
      root: '根哈希：',
      at: '签名时间：{{at}}',
      qr: '扫码核对公开记录（第 {{n}} 条时的快照）',
      pending: '内容刚刚写入，正在进入公开记录；稍后刷新即可打印带见证的公示。',
      print: '打印公示',
      verifyDecision: '在公开记录中核验这项决定',
    },
    checkpoint: {
      title: '核对公示上的公开记录快照',
      checking: '正在核对……',
      ok: '✓ 一致：公开记录仍然包含公示上印的这份快照（{{n}} 条，根哈希相同），签名有效，此后的记录只是在其后追加，没有被截短或改写。',
      okPath: '✓ 一致：公开记录仍然包含公示上印的这份快照，此后只是追加。您的浏览器不支持 Ed25519，签名未能在本机核对。',
      rootMismatch:
        '✗ 不一致：公示上印的根哈希与公开记录中这一位置的快照不同——记录可能被改写。请保存公示和本页截图，联系社区或街道。',
      missing: '✗ 公开记录中没有这一条数的快照——记录可能被截短。请保存公示和本页截图，联系社区或街道。',
      failed: '✗ 核对未通过：签名或一致性证明无效。请保存公示和本页截图，联系社区或街道。',
      printed: '公示上印的根哈希',
      latest: '目前公开记录条数：{{n}}',
    },
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
    stamp: {
      title: 'Public record witness',
      hint: 'The signed snapshot of the public record when this notice was made. Keep the paper: scanning it later checks that the record was not cut short or rewritten.',
      size: 'Entries: {{n}}',
      root: 'Root hash: ',
      at: 'Signed at: {{at}}',
      qr: 'Scan to check the public record (snapshot at {{n}} entries)',
      pending:
        'The result was just written and is entering the public record; refresh in a moment to print the notice with its witness.',
      print: 'Print the notice',
      verifyDecision: 'Check this decision in the public record',
    },
    checkpoint: {
      title: 'Check the record snapshot printed on a notice',
      checking: 'Checking…',
      ok: '✓ Consistent: the public record still holds the snapshot printed on the notice ({{n}} entries, same root hash), the signature is valid, and later entries were only appended — nothing cut short or rewritten.',
      okPath:
        '✓ Consistent: the public record still holds the printed snapshot and was only appended to since. Your browser cannot check Ed25519, so the signature was not checked here.',
      rootMismatch:
        '✗ Not consistent: the root hash on the notice differs from the record’s snapshot at this size — the record may have been rewritten. Keep the notice and a screenshot and tell the community or subdistrict.',
      missing:
        '✗ The public record has no snapshot of this size — it may have been cut short. Keep the notice and a screenshot and tell the community or subdistrict.',
      failed:
        '✗ Not verified: a signature or the consistency proof is invalid. Keep the notice and a screenshot and tell the community or subdistrict.',
      printed: 'Root hash on the notice',
      latest: 'Entries in the public record now: {{n}}',
    },
  },
};

addStrings('log', logI18n);
