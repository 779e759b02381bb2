/**
 * Interop: a third-party SOAP stack, Debian's python3-zeep (installed by .ci/interop-ws.sh), reads
 * the committed project WSDL and calls every operation on a soap server started here from it.
 * What zeep sends must read back through our catalogue as a valid request, and what it gets back
 * is checked field by field. Runs Debian's /usr/bin/python3 (a pyenv python on PATH has no zeep).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { parseElement } from '../../lib/messages';
import { bodyChild } from '../../lib/ws';
import { fault, PROJECT_WSDL, startEshopServer, type TestSoapServer } from '../ws/support';

const PYTHON = '/usr/bin/python3';

const SCRIPT = String.raw`
import json, sys
import zeep
from zeep.helpers import serialize_object

wsdl, endpoint = sys.argv[1], sys.argv[2]
client = zeep.Client(wsdl)
svc = client.create_service('{http://www.unikum.se/pws}ServiceSoap', endpoint)
out = {'operations': sorted(op for op in client.service._binding._operations)}

def call(name, fn):
    try:
        out[name] = serialize_object(fn())
    except zeep.exceptions.Fault as f:
        out[name] = {'fault': {'code': str(f.code), 'message': f.message}}

call('Orderhistorik', lambda: svc.Orderhistorik(Kundnummer='10017', FranDatum='2026-01-01', Sida='1', PerSida='20'))
call('KontaktRegistrering', lambda: svc.KontaktRegistrering(Kundnummer='10017', Fornamn='Eva', Efternamn='Ek', Epost='eva@example.se'))
call('Inloggning', lambda: svc.Inloggning(Anvandarnamn='anna', Losenord='Hemligt-123!'))
call('KundPris', lambda: svc.KundPris(Kundnummer='10017', Rader={'Rad': [{'Artikelkod': '00123', 'Antal': '10'}, {'Artikelkod': '00456', 'Antal': '2,5'}]}))
auth = client.get_element('{http://www.unikum.se/pws}AuthHeader')(Id='WTS-KEY-1', Routine='ZEEP')
call('Bilder', lambda: svc.Bilder(Artikelkod='00123', _soapheaders=[auth]))
call('fault', lambda: svc.Orderhistorik(Kundnummer='404'))
print(json.dumps(out, ensure_ascii=False, default=str))
`;

/** Run python without blocking this process's event loop (the soap server lives here). */
function python(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(PYTHON, args, { env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', reject);
    p.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function zeepAvailable(): boolean {
  return fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import zeep'], { stdio: 'ignore' }).status === 0;
}

describe('interop: python3-zeep against the project WSDL', () => {
  let s: TestSoapServer;
  const headers: unknown[] = [];
  before(async () => {
    assert.ok(zeepAvailable(), 'python3-zeep is not installed for /usr/bin/python3: run .ci/interop-ws.sh (as root)');
    s = await startEshopServer({
      handlers: {
        Bilder: (a, _cb, h) => {
          headers.push(h);
          return { Artikelkod: a.Artikelkod, Bilder: { Bild: [{ Filnamn: '00123.jpg', MimeTyp: 'image/jpeg', Sortering: '1', Huvudbild: 'J' }] } };
        },
        Orderhistorik: (a) => {
          if (a.Kundnummer === '404') throw fault('soap:Client', 'Okänd kund 404');
          return { Ordrar: { Order: [{ Ordernummer: '000123', Status: 'levererad', Summa: '1661,25', Rader: { Rad: [{ Radnummer: '1', Artikelkod: '00123', Antal: '100' }] } }] }, TotaltAntal: '1' };
        },
      },
    });
  });
  after(() => s?.close());

  it('zeep reads the WSDL and calls all five operations; requests are valid for our catalogue', async () => {
    const r = await python(['-c', SCRIPT, PROJECT_WSDL, s.url]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(out.operations, ['Bilder', 'Inloggning', 'KontaktRegistrering', 'KundPris', 'Orderhistorik']);

    const history = out.Orderhistorik as { Ordrar: { Order: { Ordernummer: string; Rader: { Rad: { Artikelkod: string }[] } }[] }; TotaltAntal: string };
    assert.equal(history.TotaltAntal, '1');
    assert.equal(history.Ordrar.Order[0].Ordernummer, '000123');
    assert.equal(history.Ordrar.Order[0].Rader.Rad[0].Artikelkod, '00123');
    assert.equal((out.KontaktRegistrering as { KontaktId: string }).KontaktId, '00077');
    const login = out.Inloggning as { Godkand: string; Behorigheter: { Behorighet: string[] } };
    assert.equal(login.Godkand, 'J');
    assert.deepEqual(login.Behorigheter.Behorighet, ['se-priser', 'lagga-order']);
    // a response element with a single child is unwrapped by zeep: KundPrisResponse/Rader -> the Rad list
    const prices = out.KundPris as { Artikelkod: string; Nettopris: string }[];
    assert.deepEqual(
      prices.map((x) => [x.Artikelkod, x.Nettopris]),
      [
        ['00123', '13,50'],
        ['00456', '13,50'],
      ],
    );
    assert.equal((out.Bilder as { Bilder: { Bild: { Filnamn: string }[] } }).Bilder.Bild[0].Filnamn, '00123.jpg');
    assert.deepEqual(headers.at(-1), { AuthHeader: { Id: 'WTS-KEY-1', Routine: 'ZEEP' } });
    assert.deepEqual(out.fault, { fault: { code: 'soap:Client', message: 'Okänd kund 404' } });

    // what zeep put on the wire is a request our catalogue accepts, field for field
    const types: Record<string, string> = {
      OrderhistorikRequest: 'order-history',
      KontaktRegistreringRequest: 'contact',
      InloggningRequest: 'login',
      KundPrisRequest: 'customer-price',
      BilderRequest: 'images',
    };
    const models: Record<string, unknown> = {};
    for (const body of s.bodies) {
      const el = bodyChild(body, 'zeep');
      const type = types[el.name];
      assert.ok(type, `unexpected request element ${el.name}`);
      models[el.name] = parseElement(type, el, { part: 'request' });
    }
    assert.equal(Object.keys(models).length, 5);
    assert.deepEqual(models.KundPrisRequest, { customerNumber: '10017', rows: [{ articleCode: '00123', quantity: '10' }, { articleCode: '00456', quantity: '2.5' }] });
    assert.deepEqual(models.InloggningRequest, { username: 'anna', password: 'Hemligt-123!' });
    assert.deepEqual(models.OrderhistorikRequest, { customerNumber: '404' });
  });
});
