import { expect, it } from 'vitest';
import { multipartBody, pngWithMetadata, SECRET } from '../../lib/uploads.fixtures';
import { describeEachDialect, type Harness } from '../../test/harness';
import { runOpen311Cli } from './open311.cli';
import { childText, GeoReportClient, parseXml, type Transport, validate } from './open311.client';

function transport(h: () => Harness, headers: Record<string, string> = {}): Transport {
  return async (req) => {
    const res = await h().app.inject({
      method: req.method,
      url: req.url,
      payload: req.body,
      headers: { ...headers, ...(req.contentType ? { 'content-type': req.contentType } : {}) },
    });
    return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body };
  };
}

async function cliKey(h: Harness, node: string): Promise<string> {
  let out = '';
  const code = await runOpen311Cli(h.ctx, ['key', '--node', node], { stdout: (s) => (out += s), stderr: (s) => (out += s) });
  expect(code).toBe(0);
  return out.trim().split('\n').at(-1) as string;
}

/** The media_url test reaches the API through a proxy on loopback, as nginx would (TRUST_PROXY). */
const describeBehindProxy: typeof describeEachDialect = (name, fn) =>
  describeEachDialect(name, fn, { config: { trustProxy: ['loopback'] } });

describeBehindProxy('open311 georeport v2', (h) => {
  it('discovery lists the endpoint, both formats and the compounds as jurisdictions', async () => {
    const c = new GeoReportClient(transport(h), '/open311/v2');
    const json = await c.discovery('json');
    expect(json.status).toBe(200);
    const d = JSON.parse(json.body);
    expect(d.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      formats: ['text/xml', 'application/json'],
    });
    expect(d.jurisdictions.map((j: { jurisdiction_id: string }) => j.jurisdiction_id)).toContain('longshengaz');
    const xml = parseXml((await c.discovery('xml')).body);
    expect(xml.name).toBe('discovery');
    expect(xml.children.find((x) => x.name === 'endpoints')?.children[0]?.name).toBe('endpoint');
  });

  it('lists services and a service definition that validate against the published schemas', async () => {
    const c = new GeoReportClient(transport(h), '/open311/v2', 'longshengaz');
    const res = await c.services('json');
    expect(res.contentType).toMatch(/application\/json/);
    const services = JSON.parse(res.body);
    expect(validate('services.json', services)).toEqual([]);
    expect(services.map((s: { service_code: string }) => s.service_code)).toContain('greenery');
    const def = JSON.parse((await c.definition('greenery', 'json')).body);
    expect(validate('service-definition.json', def)).toEqual([]);
    const building = def.attributes.find((a: { code: string }) => a.code === 'building');
    expect(building.datatype).toBe('singlevaluelist');
    const xml = parseXml((await c.services('xml')).body);
    expect(xml.name).toBe('services');
    expect(xml.children.map((s) => childText(s, 'service_code'))).toContain('greenery');
    expect((await c.definition('nope', 'json')).status).toBe(404);
  });

  it('posts a request form-encoded with a JSON answer, reads it back without the reporter', async () => {
    const key = await cliKey(h(), '龙升社区安置小区');
    const c = new GeoReportClient(transport(h), '/open311/v2', 'longshengaz');
    const post = await c.postRequest(
      'json',
      key,
      {
        service_code: 'greenery',
        lat: '27.83',
        long: '113.15',
        description: '绿化带又有人种菜 <b>bold</b>',
        first_name: '秀英',
        last_name: '张',
        phone: '13800138000',
      },
      { title: '绿化带种菜' },
    );
    expect(post.status, post.body).toBe(201);
    const [created] = JSON.parse(post.body);
    // The token or the id, never both (GeoReport v2): this server answers with a token.
    expect(Object.keys(created).sort()).toEqual(['account_id', 'service_notice', 'token']);
    expect(typeof created.token).toBe('string');
    // GET service_request_id from a token: [{ service_request_id, token }]
    const tok = await c.token(created.token, 'json');
    expect(tok.status, tok.body).toBe(200);
    expect(tok.contentType).toMatch(/application\/json/);
    const resolved = JSON.parse(tok.body);
    expect(validate({ type: 'array', items: { type: 'object', required: ['service_request_id', 'token'] } }, resolved)).toEqual(
      [],
    );
    expect(resolved).toEqual([{ service_request_id: resolved[0].service_request_id, token: created.token }]);
    expect(resolved[0].service_request_id).toMatch(/^[A-Za-z0-9_-]{10,}$/);
    const one = await c.request(resolved[0].service_request_id, 'json');
    const arr = JSON.parse(one.body);
    expect(validate('requests.json', arr)).toEqual([]);
    expect(arr[0]).toMatchObject({
      status: 'open',
      service_code: 'greenery',
      description: '绿化带又有人种菜 <b>bold</b>',
      lat: 27.83,
      long: 113.15,
    });
    expect(one.body).not.toMatch(/13800138000|秀英/);
    // it is a council issue like any other
    const sec = await h().login('19900000043');
    const issue = await h().as(sec, { method: 'GET', url: `/api/v1/council/issues/${resolved[0].service_request_id}` });
    expect(issue.json()).toMatchObject({
      title: '绿化带种菜',
      source: 'open311',
      reporter: { name: '张秀英', contact: '138****8000' },
    });
  });

  it('posts a request with an XML answer and lists it with the standard filters', async () => {
    const key = await cliKey(h(), 'longsheng'); // the community: holds two compounds
    const c = new GeoReportClient(transport(h), '/open311/v2', 'longshengaz');
    const post = await c.postRequest('xml', key, {
      service_code: 'parking',
      address_string: '2栋东侧',
      description: '消防通道停车',
    });
    expect(post.status, post.body).toBe(201);
    expect(post.contentType).toMatch(/text\/xml/);
    const doc = parseXml(post.body);
    expect(doc.name).toBe('service_requests');
    const token = childText(doc.children[0] as never, 'token') as string;
    expect(token).toBeTruthy();
    // the token resolves, in XML, to service_requests/request with service_request_id and token
    const tok = await c.token(token, 'xml');
    expect(tok.status, tok.body).toBe(200);
    expect(tok.contentType).toMatch(/text\/xml/);
    const tokDoc = parseXml(tok.body);
    expect(tokDoc.name).toBe('service_requests');
    expect(tokDoc.children.map((r) => r.name)).toEqual(['request']);
    expect(childText(tokDoc.children[0] as never, 'token')).toBe(token);
    const id = childText(tokDoc.children[0] as never, 'service_request_id') as string;
    expect(id).toBeTruthy();
    expect(doc.children[0]?.children.map((c) => c.name).sort()).toEqual(['account_id', 'service_notice', 'token']);
    const list = await c.requests('json', {
      service_code: 'parking',
      status: 'open',
      start_date: new Date(Date.now() - 3600_000).toISOString(),
    });
    const items = JSON.parse(list.body);
    expect(validate('requests.json', items)).toEqual([]);
    expect(items.map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);
    expect(
      items.every((r: { service_code: string; status: string }) => r.service_code === 'parking' && r.status === 'open'),
    ).toBe(true);
    const closed = JSON.parse((await c.requests('json', { status: 'closed' })).body);
    expect(closed.some((r: { service_request_id: string }) => r.service_request_id === id)).toBe(false);
    const byId = JSON.parse((await c.requests('json', { service_request_id: id })).body);
    expect(byId).toHaveLength(1);
    const xml = parseXml((await c.request(id, 'xml')).body);
    expect(childText(xml.children[0] as never, 'status')).toBe('open');
    expect(childText(xml.children[0] as never, 'address')).toContain('2栋东侧');
    // without jurisdiction_id a key that reaches several compounds must say which one
    const noJ = new GeoReportClient(transport(h), '/open311/v2');
    const bad = await noJ.postRequest('json', key, { service_code: 'parking', address_string: 'x', description: 'y' });
    expect(bad.status).toBe(400);
    expect(validate({ type: 'array' }, JSON.parse(bad.body))).toEqual([]);
    expect(JSON.parse(bad.body)[0]).toMatchObject({ code: 400 });
  });

  it('shows the richer status in status_notes and extended attributes, closed once resolved', async () => {
    const c = new GeoReportClient(transport(h), '/open311/v2', 'longshengaz');
    const all = JSON.parse(
      (await c.requests('json', { status: 'closed', extensions: 'true', start_date: '2020-01-01T00:00:00Z' })).body,
    );
    const plot = all.find(
      (r: { extended_attributes?: { title: string } }) => r.extended_attributes?.title === '绿化带被开垦种菜',
    );
    expect(plot).toMatchObject({ status: 'closed', extended_attributes: { lianxin_status: 'resolved' } });
    expect(plot.status_notes).toContain('resolved');
    expect(validate('request.json', plot)).toEqual([]);
  });

  it('refuses a missing or wrong api_key (403), another jurisdiction (403) and no location (400)', async () => {
    const c = new GeoReportClient(transport(h), '/open311/v2', 'longshengaz');
    const r1 = await c.postRequest('json', 'lx311_wrong', { service_code: 'parking', address_string: 'x', description: 'y' });
    expect(r1.status).toBe(403);
    const key = await cliKey(h(), 'wuxingaz');
    const r2 = await c.postRequest('json', key, { service_code: 'parking', address_string: 'x', description: 'y' });
    expect(r2.status).toBe(403);
    const own = await cliKey(h(), 'longshengaz');
    const r3 = await c.postRequest('xml', own, { service_code: 'parking', description: 'y' });
    expect(r3.status).toBe(400);
    expect(parseXml(r3.body).name).toBe('errors');
    const r4 = await c.requests('json', { start_date: 'yesterday' });
    expect(r4.status).toBe(400);
  });

  it('answers 404 in the error format for an unknown token, another jurisdiction or a hidden request', async () => {
    const c = new GeoReportClient(transport(h), '/open311/v2', 'longshengaz');
    const unknownJson = await c.token('lx311t_nosuchtoken', 'json');
    expect(unknownJson.status).toBe(404);
    const errs = JSON.parse(unknownJson.body);
    expect(validate({ type: 'array', items: { type: 'object', required: ['code', 'description'] } }, errs)).toEqual([]);
    expect(errs[0]).toMatchObject({ code: 404 });
    const unknownXml = await c.token('lx311t_nosuchtoken', 'xml');
    expect(unknownXml.status).toBe(404);
    const xmlErr = parseXml(unknownXml.body);
    expect(xmlErr.name).toBe('errors');
    expect(childText(xmlErr.children[0] as never, 'code')).toBe('404');
    expect(childText(xmlErr.children[0] as never, 'description')).toContain('token');

    const key = await cliKey(h(), 'longshengaz');
    const [created] = JSON.parse(
      (await c.postRequest('json', key, { service_code: 'safety', address_string: '1栋', description: '井盖松动' })).body,
    );
    const tok = await c.token(created.token, 'json');
    expect(tok.status).toBe(200);
    const requestId = JSON.parse(tok.body)[0].service_request_id as string;
    const other = new GeoReportClient(transport(h), '/open311/v2', 'wuxingaz');
    expect((await other.token(created.token, 'json')).status).toBe(404);
    const sec = await h().login('19900000043');
    const hide = await h().as(sec, {
      method: 'POST',
      url: `/api/v1/council/issues/${requestId}/hide`,
      payload: { reason: '重复' },
    });
    expect(hide.statusCode).toBe(200);
    expect((await c.token(created.token, 'xml')).status).toBe(404);
    expect((await c.request(requestId, 'json')).status).toBe(404);
  });

  it("fills media_url with the first photo's public address, built from the host the client reached, only with the raiser's consent", async () => {
    const resident = await h().login('19900000041');
    const up = await h().as(resident, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=longshengaz',
      ...multipartBody('plot.png', 'image/png', pngWithMetadata()),
    });
    expect(up.statusCode, up.body).toBe(201);
    const photoId = up.json().images[0].id as string;
    const raised = await h().as(resident, {
      method: 'POST',
      url: '/api/v1/council/issues',
      payload: {
        compoundId: 'longshengaz',
        title: '花坛被挖',
        description: '4栋前花坛被挖开种葱',
        category: 'greenery',
        photoIds: [photoId],
      },
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const id = raised.json().id as string;
    const proxied = new GeoReportClient(
      transport(h, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'lianxin.example.cn' }),
      '/open311/v2',
      'longshengaz',
    );
    // raised without consent to show the photos publicly: no media_url, in either format
    const [withheld] = JSON.parse((await proxied.request(id, 'json')).body);
    expect(validate('request.json', withheld)).toEqual([]);
    expect(withheld.media_url).toBeNull();
    expect(JSON.parse((await proxied.requests('json', { service_request_id: id })).body)[0].media_url).toBeNull();
    expect(childText(parseXml((await proxied.request(id, 'xml')).body).children[0] as never, 'media_url')).toBeFalsy();
    const consent = await h().as(resident, {
      method: 'POST',
      url: `/api/v1/council/issues/${id}/photo-consent`,
      payload: { given: true },
    });
    expect(consent.statusCode, consent.body).toBe(200);
    const [req] = JSON.parse((await proxied.request(id, 'json')).body);
    expect(validate('request.json', req)).toEqual([]);
    expect(req.media_url).toBe(`https://lianxin.example.cn/api/v1/public/council/issues/${id}/photos/${photoId}`);
    const listed = JSON.parse((await proxied.requests('json', { service_request_id: id })).body);
    expect(listed[0].media_url).toBe(req.media_url);
    const xml = parseXml((await proxied.request(id, 'xml')).body);
    expect(childText(xml.children[0] as never, 'media_url')).toBe(req.media_url);
    // anyone can fetch it: the stripped image, without the GPS it was uploaded with
    const img = await h().app.inject({ method: 'GET', url: new URL(req.media_url).pathname });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.includes(Buffer.from(SECRET))).toBe(false);
    // a request without photos keeps the media_url its client sent, if it is a web address
    const key = await cliKey(h(), 'longshengaz');
    const c = new GeoReportClient(transport(h), '/open311/v2', 'longshengaz');
    const [posted] = JSON.parse(
      (
        await c.postRequest('json', key, {
          service_code: 'greenery',
          address_string: '4栋',
          description: '花坛',
          media_url: 'https://img.example.org/a.jpg',
        })
      ).body,
    );
    const postedId = JSON.parse((await c.token(posted.token, 'json')).body)[0].service_request_id as string;
    expect(JSON.parse((await c.request(postedId, 'json')).body)[0].media_url).toBe('https://img.example.org/a.jpg');
  });

  it('the CLI refuses an unknown node with exit 2', async () => {
    let err = '';
    const code = await runOpen311Cli(h().ctx, ['key', '--node', '不存在的小区'], { stdout: () => {}, stderr: (s) => (err += s) });
    expect(code).toBe(2);
    expect(err).toContain('不存在的小区');
  });
});
