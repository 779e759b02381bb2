'use strict';
/*
 * The message nodes' help pages from the catalogue, in English (inside dist/nodes/pyramid-messages.html,
 * Node-RED's default) and Swedish (dist/nodes/locales/sv/pyramid-messages.html, which Node-RED serves
 * to an editor whose language is sv). One page per type: what the message is, its direction and
 * protocol, its inputs and outputs, its field table and the catalogue's example of each document
 * (lib/messages/catalogue/examples, read through lib/messages/examples; nothing here reads test/).
 * The field names are Pyramid's; the Swedish of the catalogue's descriptions is in
 * lib/messages/docs-sv.ts, the Swedish of the surrounding text is below (TEXT.sv).
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
/** The catalogue's examples and its masking of secret fields, from the compiled lib. */
const examples = () => require(path.join(root, 'dist', 'lib', 'messages', 'examples'));
const secrets = () => require(path.join(root, 'dist', 'lib', 'messages', 'secrets'));

/** Items per list and characters per text in a help example. */
const EXAMPLE_ITEMS = 2;
const EXAMPLE_TEXT = 60;
const EXAMPLE_LINES = 80;

function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** ` (Title)` after Pyramid's name, unless they are the same word. */
function titled(d, title) {
  return title && title.toLowerCase() !== String(d.name).toLowerCase() ? ` (${esc(title)})` : '';
}

const CODE_PAGES =
  '<code>auto</code>, <code>utf-8</code>, <code>windows-1252</code>, <code>iso-8859-1</code>, <code>cp437</code>';

/** The words around the catalogue's, per language. */
const TEXT = {
  en: {
    intro: (d, title) => `<p><b>${esc(d.name)}</b>${titled(d, title)}: parses, builds and validates this Pyramid message.`,
    wsCarrier: (op) => `the web-service operation <code>${esc(op)}</code> (SOAP 1.1, namespace http://www.unikum.se/pws)`,
    ftpCarrier: (rootName) => `an FTP file <code>&lt;${esc(rootName)}&gt;</code>`,
    and: ' and ',
    direction: 'Direction',
    protocol: 'Protocol',
    as: 'as',
    sent: 'Sent',
    fileNameKey: (rootName, key) => ` File name <code>${esc(rootName)}_&lt;${esc(key)}&gt;.xml</code>: the same message always gets the same name.`,
    fileNameTime: (rootName) => ` File name <code>${esc(rootName)}_&lt;yyyyMMddTHHmmssSSS&gt;_&lt;seq&gt;.xml</code>: names sort by time.`,
    inputs: 'Inputs',
    outputs: 'Outputs',
    inPayload: 'The XML to parse (bytes in any supported code page, or text), or the JSON model to build or validate.',
    inFilepath: 'A local XML file to parse when <code>payload</code> is absent: <code>pyramid-ftp-in</code> spools big files to disk and passes their path.',
    inEncoding: `Code page, overriding the node setting: ${CODE_PAGES} or <code>cp850</code>. When parsing, a BOM or the XML declaration decides first.`,
    inFilename: 'The file the XML came from, named in error messages.',
    outPayload: 'Parse and validate: the JSON model (see the fields below). Build: the XML, a Buffer in the chosen code page or a string.',
    outFilename: 'Build (file): the conventional file name of the message.',
    outPyramid:
      '<code>{type, name, direction, part, count, encoding}</code>: the message type, Pyramid\'s name, its direction, which document (<code>file</code>, <code>request</code>, <code>response</code>), how many records <code>payload</code> holds, and the code page.',
    outPyramidSplit: ' Split msgs add <code>list</code> (which record list) and <code>header</code> (the file\'s root attributes).',
    outParts: 'Split: <code>{id, index, count, type: "array", len}</code>, as the core split node writes it, so a join node in automatic mode reassembles the records.',
    result: 'Result',
    invPayload: 'One invalid record: <code>{list, index, key, issues, reason, raw}</code>: the list, its position in the file, its key values, the problems, a readable reason and the record as read.',
    invError: '<code>{message, code, source}</code>, shaped like a Catch node\'s <code>msg.error</code>.',
    invalidPort: 'Invalid records (only with "send them to output 2")',
    details: 'Details',
    mode:
      '<p><b>Mode</b> <i>auto</i> parses a Buffer or string (or <code>msg.filepath</code>) and builds from an object; <i>validate</i> checks a JSON model and returns it normalised ' +
      '(decimals as exact strings with ".", yes/no as booleans, dates as YYYY-MM-DD), which is useful before <code>pyramid-ws</code>.</p>',
    codePage:
      '<p><b>Code page</b> is one of the list, or read for each msg from <code>msg.</code>, <code>flow.</code>, <code>global.</code> or <code>env.</code> ' +
      '(empty: <i>auto</i>); <code>msg.encoding</code> still wins.</p>',
    document: (op, file) => `<p><b>Document</b> chooses the ${file ? 'file or the ' : ''}request or response of <code>${esc(op)}</code> that is parsed, built or validated.</p>`,
    split:
      '<p><b>Split</b> sends one msg per record, or per batch of N records (<code>payload</code> an array), read as a stream from a Buffer or from <code>msg.filepath</code> so memory stays bounded. ' +
      'The status shows the progress (<code>40 000 / 1 000 000</code>), then the count. With "fail the whole message" the file is checked completely first, so a bad file sends nothing; otherwise it is read once and the total is estimated while it is read (<code>40 000 / ~1 000 000</code>). An empty file sends one msg with an empty list.</p>',
    window:
      '<p><b>In flight</b> (flow control): at most this many split msgs (default 8) are on their way at once; the next one leaves when the flow is done with one, so a big file behind a slow shop ' +
      'never fills memory. A msg is done when every node it reached, and every node the same msg (same <code>msg.parts</code>) went on to, has called <code>done()</code>: ' +
      'an <i>http request</i> when its answer came, a <i>function</i> when it returned. Reaching a <i>join</i>, <i>batch</i> or <i>sort</i> node (which hold msgs until their group is complete), ' +
      'a node that never reports completion, or no node at all counts as done. Nothing needs wiring back. A msg that a node takes but never reports done counts as done after the timeout ' +
      '(default 60 s, with a warning), so a forgotten <code>done()</code> slows the file but never stops it. A function node that sends a <i>new</i> msg object instead of the one it got ' +
      'ends the tracking there: keep <code>msg.parts</code> on what it sends (or return the msg itself) to keep the whole chain bounded. 0 means no limit (every msg leaves as soon as it is read). ' +
      'The <i>complete</i> node on this node fires when the whole file has been sent.</p>',
    invalidCollect:
      '<p><b>Invalid records</b>: fail the whole message, or send each invalid record with its reason to the second output while the valid ones go on. Web-service requests always fail whole.</p>',
    invalidWhole: '<p><b>Invalid records</b>: this message goes into Pyramid, so it is whole or nothing: one invalid field fails it.</p>',
    errors:
      '<p><b>Errors</b> go to Catch nodes: <code>msg.error.message</code> names the file, record and field (<code>Artikel[42] (artikelkod 00123): grundpris "12,5x" is not a number</code>), ' +
      '<code>msg.error.code</code> says what kind (<code>MESSAGE_INVALID</code>, <code>MESSAGE_ROOT</code>, <code>XML_MALFORMED</code>, <code>ENCODING_INVALID_BYTES</code>, ...) and ' +
      '<code>msg.pyramid.issues</code> lists every problem as <code>{path, where, message}</code>. The status turns red with a short reason. A password is never shown.</p>',
    extra: '<p>Elements the catalogue does not know are kept under <code>extra</code> and written back on build.</p>',
    fields: 'Fields',
    fieldsNote: '<p>Key fields in <b>bold</b>, required ones marked *.</p>',
    columns: ['XML', 'JSON', 'type', 'meaning'],
    example: 'Example',
    exampleNote: (n) => `<p>The catalogue's example, shortened: the first ${n} items of each list, long texts cut.</p>`,
    jsonModel: 'JSON model',
  },
  sv: {
    intro: (d, title) => `<p><b>${esc(d.name)}</b>${titled(d, title)}: tolkar, bygger och validerar detta Pyramid-meddelande.`,
    wsCarrier: (op) => `webbtjänstoperationen <code>${esc(op)}</code> (SOAP 1.1, namnrymd http://www.unikum.se/pws)`,
    ftpCarrier: (rootName) => `en FTP-fil <code>&lt;${esc(rootName)}&gt;</code>`,
    and: ' och ',
    direction: 'Riktning',
    protocol: 'Protokoll',
    as: 'som',
    sent: 'Skickas',
    fileNameKey: (rootName, key) => ` Filnamn <code>${esc(rootName)}_&lt;${esc(key)}&gt;.xml</code>: samma meddelande får alltid samma namn.`,
    fileNameTime: (rootName) => ` Filnamn <code>${esc(rootName)}_&lt;yyyyMMddTHHmmssSSS&gt;_&lt;löpnr&gt;.xml</code>: namnen sorteras efter tid.`,
    inputs: 'Indata',
    outputs: 'Utdata',
    inPayload: 'XML att tolka (byte i någon av de teckentabeller som stöds, eller text), eller JSON-modellen att bygga eller validera.',
    inFilepath: 'En lokal XML-fil att tolka när <code>payload</code> saknas: <code>pyramid-ftp-in</code> spolar stora filer till disk och skickar deras sökväg.',
    inEncoding: `Teckentabell, före nodens inställning: ${CODE_PAGES} eller <code>cp850</code>. Vid tolkning avgör en BOM eller XML-deklarationen först.`,
    inFilename: 'Filen som XML:en kom från; den nämns i felmeddelanden.',
    outPayload: 'Tolka och validera: JSON-modellen (se fälten nedan). Bygga: XML:en, en Buffer i vald teckentabell eller en sträng.',
    outFilename: 'Bygga (fil): meddelandets filnamn enligt Pyramids namnregel.',
    outPyramid:
      '<code>{type, name, direction, part, count, encoding}</code>: meddelandetypen, Pyramids namn, riktningen, vilket dokument (<code>file</code>, <code>request</code>, <code>response</code>), hur många poster <code>payload</code> innehåller, och teckentabellen.',
    outPyramidSplit: ' Uppdelade meddelanden får även <code>list</code> (vilken postlista) och <code>header</code> (filens rotattribut).',
    outParts: 'Uppdelning: <code>{id, index, count, type: "array", len}</code>, som core-noden split skriver det, så att en join-nod i automatiskt läge sätter ihop posterna igen.',
    result: 'Resultat',
    invPayload: 'En ogiltig post: <code>{list, index, key, issues, reason, raw}</code>: listan, postens plats i filen, dess nyckelvärden, felen, en läsbar orsak och posten som den lästes.',
    invError: '<code>{message, code, source}</code>, formad som en Catch-nods <code>msg.error</code>.',
    invalidPort: 'Ogiltiga poster (bara med "skicka dem till utgång 2")',
    details: 'Detaljer',
    mode:
      '<p><b>Läge</b> <i>auto</i> tolkar en Buffer eller sträng (eller <code>msg.filepath</code>) och bygger från ett objekt; <i>validera</i> kontrollerar en JSON-modell och returnerar den normaliserad ' +
      '(decimaltal som exakta strängar med ".", ja/nej som booleska värden, datum som ÅÅÅÅ-MM-DD), vilket är användbart före <code>pyramid-ws</code>.</p>',
    codePage:
      '<p><b>Teckentabell</b> väljs i listan, eller läses för varje meddelande från <code>msg.</code>, <code>flow.</code>, <code>global.</code> eller <code>env.</code> ' +
      '(tomt: <i>auto</i>); <code>msg.encoding</code> går fortfarande före.</p>',
    document: (op, file) => `<p><b>Dokument</b> väljer ${file ? 'filen eller ' : ''}anropet eller svaret för <code>${esc(op)}</code> som tolkas, byggs eller valideras.</p>`,
    split:
      '<p><b>Dela upp</b> skickar ett meddelande per post, eller per omgång om N poster (<code>payload</code> en array), läst som en ström från en Buffer eller från <code>msg.filepath</code> så att minnet hålls begränsat. ' +
      'Statusen visar förloppet (<code>40 000 / 1 000 000</code>), sedan antalet. Med "underkänn hela meddelandet" kontrolleras filen helt först, så en felaktig fil skickar ingenting; annars läses den en gång och totalen uppskattas under läsningen (<code>40 000 / ~1 000 000</code>). En tom fil skickar ett meddelande med en tom lista.</p>',
    window:
      '<p><b>Samtidigt ute</b> (flödeskontroll): högst så här många uppdelade meddelanden (standard 8) är på väg samtidigt; nästa skickas när flödet är klart med ett, så en stor fil bakom en långsam butik ' +
      'fyller aldrig minnet. Ett meddelande är klart när varje nod det nått, och varje nod samma meddelande (samma <code>msg.parts</code>) gått vidare till, har anropat <code>done()</code>: ' +
      'en <i>http request</i> när svaret kommit, en <i>function</i> när den returnerat. Att nå en <i>join</i>-, <i>batch</i>- eller <i>sort</i>-nod (som håller meddelanden tills gruppen är komplett), ' +
      'en nod som aldrig rapporterar att den är klar, eller ingen nod alls räknas som klart. Inget behöver kopplas tillbaka. Ett meddelande som en nod tar emot men aldrig rapporterar klart räknas som klart efter tidsgränsen ' +
      '(standard 60 s, med en varning), så ett glömt <code>done()</code> gör filen långsammare men stoppar den aldrig. En function-nod som skickar ett <i>nytt</i> meddelandeobjekt i stället för det den fick ' +
      'avslutar spårningen där: behåll <code>msg.parts</code> på det den skickar (eller returnera själva meddelandet) så hålls hela kedjan begränsad. 0 betyder ingen gräns (varje meddelande skickas så fort det lästs). ' +
      'En <i>complete</i>-nod på denna nod utlöses när hela filen har skickats.</p>',
    invalidCollect:
      '<p><b>Ogiltiga poster</b>: underkänn hela meddelandet, eller skicka varje ogiltig post med sin orsak till den andra utgången medan de giltiga går vidare. Webbtjänstanrop underkänns alltid i sin helhet.</p>',
    invalidWhole: '<p><b>Ogiltiga poster</b>: detta meddelande går in i Pyramid, så det är helt eller inget: ett ogiltigt fält underkänner det.</p>',
    errors:
      '<p><b>Fel</b> går till Catch-noder: <code>msg.error.message</code> anger fil, post och fält (<code>Artikel[42] (artikelkod 00123): grundpris "12,5x" is not a number</code>), ' +
      '<code>msg.error.code</code> anger vilken sorts fel (<code>MESSAGE_INVALID</code>, <code>MESSAGE_ROOT</code>, <code>XML_MALFORMED</code>, <code>ENCODING_INVALID_BYTES</code>, ...) och ' +
      '<code>msg.pyramid.issues</code> listar varje problem som <code>{path, where, message}</code>. Statusen blir röd med en kort orsak. Ett lösenord visas aldrig.</p>',
    extra: '<p>Element som katalogen inte känner till behålls under <code>extra</code> och skrivs tillbaka när meddelandet byggs.</p>',
    fields: 'Fält',
    fieldsNote: '<p>Nyckelfält i <b>fetstil</b>, obligatoriska markerade med *.</p>',
    columns: ['XML', 'JSON', 'typ', 'betydelse'],
    example: 'Exempel',
    exampleNote: (n) => `<p>Katalogens exempel, förkortat: de ${n} första posterna i varje lista, långa texter avkortade.</p>`,
    jsonModel: 'JSON-modell',
  },
};

function prop(name, type, text, optional) {
  return `  <dt${optional ? ' class="optional"' : ''}>${name} <span class="property-type">${type}</span></dt>\n  <dd>${text}</dd>`;
}

function fileNameText(d, L) {
  if (!d.file) return '';
  if (d.fileName && d.fileName.kind === 'key') return L.fileNameKey(d.file.root, d.fileName.keyField);
  return L.fileNameTime(d.file.root);
}

function fieldTable(lib, body, lang, L) {
  const rows = lib.fieldRows(body, lang).map((r) => {
    const pad = '&nbsp;&nbsp;'.repeat(r.depth);
    const json = r.key ? `<b>${esc(r.json)}</b>` : esc(r.json);
    return `<tr><td>${pad}<code>${esc(r.xml)}</code></td><td><code>${json}</code>${r.required ? ' *' : ''}</td><td>${esc(r.type)}</td><td>${esc(r.doc)}</td></tr>`;
  });
  const head = L.columns.map((c) => `<th>${c}</th>`).join('');
  return `<table class="pyramid-msg-fields"><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** A short copy of a model: the first items of every list, long texts cut. */
function shorten(v, items) {
  if (Array.isArray(v)) return v.slice(0, items).map((x) => shorten(x, items));
  if (typeof v === 'string') return v.length > EXAMPLE_TEXT ? v.slice(0, EXAMPLE_TEXT) + '…' : v;
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v)) o[k] = shorten(v[k], items);
    return o;
  }
  return v;
}

/** Example XML in and JSON out for one document, from the catalogue's example, shortened (and any password masked). */
function example(lib, d, part) {
  const model = examples().exampleOf(d.type, part);
  if (!model) return undefined;
  // a password in an example is still shown as a password is: masked
  const redacted = part === 'request' ? secrets().redactModel(d.type, model) : model;
  let xml;
  for (let items = EXAMPLE_ITEMS; items >= 1; items--) {
    xml = lib.buildMessageText(d.type, shorten(redacted, items), { part, encoding: 'utf-8' });
    if (xml.split('\n').length <= EXAMPLE_LINES) break;
  }
  const json = JSON.stringify(lib.parseMessage(d.type, xml, { part }), null, 2);
  return { xml, json };
}

/**
 * The help page of one message type. `t` is what the editor knows of the type (`collect`: parts
 * whose invalid records may go to output 2, `split`: parts that may be split); `lang` 'en' or 'sv'.
 */
function helpFor(lib, d, t, lang = 'en') {
  const L = TEXT[lang];
  const texts = lib.messageTexts ? lib.messageTexts(d, lang) : { title: d.title, summary: d.summary, trigger: d.trigger };
  const ws = d.ws ? L.wsCarrier(d.ws.operation) : '';
  const carrier = [d.file ? L.ftpCarrier(d.file.root) : '', ws].filter(Boolean).join(L.and);
  const collect = t.collect.length > 0;
  const split = t.split.length > 0;
  const out = [];
  out.push(`<script type="text/html" data-help-name="pyramid-${d.type}">`);
  out.push(`${L.intro(d, texts.title)} ${esc(texts.summary)}</p>`);
  out.push(
    `<p><b>${L.direction}:</b> ${esc(lib.directionText(d, lang))}. <b>${L.protocol}:</b> ${esc(d.protocol)}, ${L.as} ${carrier}.` +
      `${fileNameText(d, L)} <b>${L.sent}:</b> ${esc(texts.trigger)}.</p>`,
  );

  out.push(`<h3>${L.inputs}</h3>\n<dl class="message-properties">`);
  out.push(prop('payload', 'buffer | string | object', L.inPayload));
  out.push(prop('filepath', 'string', L.inFilepath, true));
  out.push(prop('encoding', 'string', L.inEncoding, true));
  out.push(prop('filename', 'string', L.inFilename, true));
  out.push('</dl>');

  out.push(`<h3>${L.outputs}</h3>\n<ol class="node-ports">`);
  const first = [prop('payload', 'object | buffer | string', L.outPayload)];
  if (d.file) first.push(prop('filename', 'string', L.outFilename, true));
  first.push(prop('pyramid', 'object', L.outPyramid + (split ? L.outPyramidSplit : '')));
  if (split) first.push(prop('parts', 'object', L.outParts, true));
  out.push(`  <li>${L.result}\n<dl class="message-properties">\n${first.join('\n')}\n</dl></li>`);
  if (collect) {
    const second = [prop('payload', 'object', L.invPayload), prop('error', 'object', L.invError)];
    out.push(`  <li>${L.invalidPort}\n<dl class="message-properties">\n${second.join('\n')}\n</dl></li>`);
  }
  out.push('</ol>');

  out.push(`<h3>${L.details}</h3>`);
  out.push(L.mode);
  out.push(L.codePage);
  if (d.ws) out.push(L.document(d.ws.operation, !!d.file));
  if (split) {
    out.push(L.split);
    out.push(L.window);
  }
  out.push(collect ? L.invalidCollect : L.invalidWhole);
  out.push(L.errors);
  out.push(L.extra);

  out.push(`<h3>${L.fields}</h3>`);
  out.push(L.fieldsNote);
  for (const doc of lib.documentsOf(d, lang)) {
    out.push(`<h4>${esc(doc.title)}</h4>`);
    out.push(fieldTable(lib, doc.body, lang, L));
  }

  const examples = lib
    .documentsOf(d, lang)
    .map((doc) => ({ doc, ex: example(lib, d, doc.part) }))
    .filter((x) => x.ex);
  if (examples.length) {
    out.push(`<h3>${L.example}</h3>`);
    out.push(L.exampleNote(EXAMPLE_ITEMS));
    for (const { doc, ex } of examples) {
      out.push(`<h4>${esc(doc.title)}: XML</h4>\n<pre>${esc(ex.xml)}</pre>`);
      out.push(`<h4>${esc(doc.title)}: ${L.jsonModel}</h4>\n<pre>${esc(ex.json)}</pre>`);
    }
  }
  out.push('</script>');
  return out.join('\n');
}

/** Every type's help in one language: `types[i]` is the editor's view of `lib.catalogue[i]`. */
function renderHelp(lib, types, lang) {
  return lib.catalogue.map((d, i) => helpFor(lib, d, types[i], lang)).join('\n\n') + '\n';
}

/** The Swedish help file where Node-RED looks for it: `<outDir>/locales/sv/pyramid-messages.html`. */
function writeLocaleHelp(outDir, lib, types) {
  const dir = path.join(outDir, 'locales', 'sv');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'pyramid-messages.html'), renderHelp(lib, types, 'sv'));
}

module.exports = { helpFor, renderHelp, writeLocaleHelp, TEXT };
