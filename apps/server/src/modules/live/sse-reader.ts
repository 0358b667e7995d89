/** Reads server-sent events from a fetch body until `until` returns true or time runs out. */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  until: (events: Array<{ event: string; data: unknown }>) => boolean,
  ms = 8000,
) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: Array<{ event: string; data: unknown }> = [];
  let buf = '';
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !until(events)) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
    if (!chunk || chunk.done) break;
    buf += decoder.decode(chunk.value, { stream: true });
    let i = buf.indexOf('\n\n');
    while (i !== -1) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const ev = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (ev && data) events.push({ event: ev, data: JSON.parse(data) });
      i = buf.indexOf('\n\n');
    }
  }
  return { events, reader };
}
