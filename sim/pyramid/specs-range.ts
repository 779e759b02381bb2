/**
 * What the article register is made from, part 2: paint, garden, electrical and other simple
 * articles, building materials, and the product families that become colour/size variants.
 */
import { p, type Spec } from './specs-hardware';
import type { NameValue } from './types';

export function otherSpecs(): Spec[] {
  const out: Spec[] = [];
  // paint (simple articles; the coloured cans are variant families)
  for (const [t, widths] of [['Pensel platt', [25, 38, 50, 63, 75]], ['Pensel rund', [20, 30]], ['Fasadpensel', [70, 100]], ['Lackpensel', [25, 38]]] as const) {
    for (const w of widths) out.push({ description: `${t} ${w} mm`, group: 'MAL', price: [29 + w / 2, 49 + w], weight: [0.05, 0.2], properties: [p('Bredd', `${w} mm`)], text: `${t} med blandborst.`, supplier: 6 });
  }
  for (const w of [10, 18, 25]) out.push({ description: `Målarroller ${w} cm`, group: 'MAL', price: [49, 119], weight: [0.1, 0.3], properties: [p('Bredd', `${w} cm`)], text: 'Roller med mellanlugg för vägg och tak.', supplier: 6 });
  for (const w of [19, 25, 36, 48]) out.push({ description: `Målartejp ${w} mm x 50 m`, group: 'MAL', unit: 'rle', price: [25 + w / 2, 35 + w / 2], weight: [0.1, 0.25], properties: [p('Bredd', `${w} mm`), p('Längd', '50 m')], text: 'Maskeringstejp som släpper rent inom 14 dagar.', supplier: 6 });
  for (const [t, v] of [['Finspackel', '0,5 l'], ['Finspackel', '3 l'], ['Grovspackel', '3 l'], ['Fönsterkitt', '1 kg'], ['Lättspackel', '0,5 l'], ['Våtrumsspackel', '10 l']] as const) {
    out.push({ description: `${t} ${v}`, group: 'MAL', price: [59, 299], weight: [0.5, 10], properties: [p('Volym', v)], text: `${t} för inomhusbruk.`, supplier: 6 });
  }
  for (const k of ['Ek', 'Teak', 'Mahogny', 'Furu', 'Svart', 'Grå']) {
    for (const v of ['0,75 l', '2,5 l']) out.push({ description: `Lasyr ${k} ${v}`, group: 'MAL', price: v === '2,5 l' ? [249, 349] : [99, 149], weight: v === '2,5 l' ? [2.6, 2.8] : [0.8, 0.9], properties: [p('Kulör', k), p('Volym', v)], text: 'Vattenburen träskyddslasyr för utvändigt trä.', supplier: 6 });
  }
  for (const k of ['Vit', 'Svart', 'Äggskal', 'Grå', 'Grön', 'Blå', 'Röd', 'Gul']) out.push({ description: `Snickerifärg blank ${k} 0,9 l`, group: 'MAL', price: [129, 179], weight: [1, 1.1], properties: [p('Kulör', k), p('Glans', 'Blank 80')], text: 'Alkydfärg för dörrar, lister och snickerier.', supplier: 6 });
  out.push({ description: 'Täckplast 4x5 m', group: 'MAL', price: [39, 59], weight: [0.3, 0.4], text: 'Täckplast för golv och möbler.', supplier: 6 });
  out.push({ description: 'Penseltvätt 1 l', group: 'MAL', price: [69, 99], weight: [1, 1.1], text: 'Rengör penslar från alkyd- och oljefärg.', supplier: 6 });
  // garden
  for (const [t, price, w] of [
    ['Sekatör Bypass', [149, 249], 0.25], ['Sekatör Städ', [149, 229], 0.25], ['Grensax teleskop', [349, 549], 1.2], ['Häcksax', [199, 349], 0.9],
    ['Kratta 14 piggar', [129, 189], 1], ['Lövräfsa', [99, 159], 0.6], ['Spade rund', [199, 299], 1.8], ['Spade spetsig', [199, 299], 1.8],
    ['Grep 4 klor', [249, 349], 1.9], ['Skyffel', [179, 269], 1.7], ['Skottkärra 100 l', [699, 1090], 14], ['Ogräsjärn', [59, 99], 0.2],
    ['Vattenkanna 10 l', [89, 149], 0.6], ['Kompostkvarn el', [1490, 2190], 12], ['Gräsklippare hand', [999, 1490], 9],
  ] as const) {
    out.push({ description: t, group: 'TRAD', price: [price[0], price[1]], weight: [w, w + 0.1], text: `${t} för trädgården.`, supplier: 7 });
  }
  for (const [d, l] of [[13, 15], [13, 25], [13, 50], [19, 25], [19, 50], [25, 50]]) {
    out.push({ description: `Trädgårdsslang ${d} mm, ${l} m`, group: 'TRAD', price: [99 + l * 4, 149 + l * 5], weight: [l * 0.12, l * 0.15], properties: [p('Innerdiameter', `${d} mm`), p('Längd', `${l} m`)], text: 'Armerad trädgårdsslang som inte knickar.', supplier: 7 });
  }
  for (const [t, kg] of [['Gräsfrö Bruksgräs', 1], ['Gräsfrö Bruksgräs', 5], ['Gräsfrö Skuggräs', 1], ['Gräsfrö Prydnadsgräs', 1], ['Gödsel Gräsmatta', 10], ['Gödsel Trädgård', 5], ['Hönsgödsel pellets', 10], ['Kalk dolomit', 20]] as const) {
    out.push({ description: `${t} ${kg} kg`, group: 'TRAD', price: [49 + kg * 15, 79 + kg * 20], weight: [kg, kg + 0.1], properties: [p('Vikt', `${kg} kg`)], text: `${t}, säck om ${kg} kg.`, supplier: 7 });
  }
  for (const l of [20, 40, 50, 70]) out.push({ description: `Planteringsjord ${l} l`, group: 'TRAD', price: [29 + l / 2, 49 + l / 2], weight: [l * 0.4, l * 0.45], properties: [p('Volym', `${l} l`)], text: 'Gödslad planteringsjord för krukor och rabatter.', supplier: 7 });
  for (const d of [12, 16, 20, 25, 30, 40]) out.push({ description: `Blomkruka terrakotta ${d} cm`, group: 'TRAD', price: [19 + d * 2, 29 + d * 3], weight: [d * 0.05, d * 0.07], properties: [p('Diameter', `${d} cm`)], text: 'Frostbeständig kruka i terrakotta.', supplier: 7 });
  for (const [d, l] of [[2, 15], [2.4, 15], [2.4, 87], [3, 44]]) {
    const ds = String(d).replace('.', ',');
    out.push({ description: `Trimmertråd ${ds} mm x ${l} m`, group: 'TRAD', price: [49 + l, 79 + l], weight: [0.1, 0.8], properties: [p('Diameter', `${ds} mm`), p('Längd', `${l} m`)], text: 'Fyrkantig trimmertråd.', supplier: 7 });
  }
  // electrical
  for (const [s, w, lm] of [['E27', 5, 470], ['E27', 8, 806], ['E27', 11, 1055], ['E27', 15, 1521], ['E14', 3, 250], ['E14', 5, 470], ['GU10', 4, 345], ['GU10', 5, 400]] as const) {
    out.push({ description: `LED-lampa ${s} ${w} W, ${lm} lm`, group: 'EL', price: [19 + w * 3, 29 + w * 4], weight: [0.04, 0.08], properties: [p('Sockel', s), p('Effekt', `${w} W`), p('Ljusflöde', `${lm} lm`), p('Färgtemperatur', '2700 K')], text: 'LED-lampa med varmvitt ljus, energiklass F.', supplier: 8 });
  }
  for (const lm of [1000, 2500, 5000, 10000]) out.push({ description: `Arbetsbelysning LED ${lm} lm`, group: 'EL', price: [199 + lm / 20, 299 + lm / 15], weight: [0.8 + lm / 5000, 1.2 + lm / 4000], properties: [p('Ljusflöde', `${lm} lm`), p('Kapslingsklass', 'IP65')], text: 'Arbetsbelysning för byggarbetsplats, stänkskyddad.', supplier: 8 });
  for (const l of [3, 5, 10, 15, 25]) out.push({ description: `Förlängningssladd ${l} m, jordad`, group: 'EL', price: [79 + l * 6, 109 + l * 8], weight: [0.2 + l * 0.08, 0.3 + l * 0.1], properties: [p('Längd', `${l} m`), p('Kabel', 'H07RN-F 3G1,5')], text: 'Gummikabel för utomhusbruk.', supplier: 8 });
  for (const n of [3, 4, 6, 8]) out.push({ description: `Grenuttag ${n}-vägs jordat`, group: 'EL', price: [79 + n * 15, 109 + n * 20], weight: [0.3, 0.6], properties: [p('Uttag', String(n))], text: 'Grenuttag med strömbrytare och barnskydd.', supplier: 8 });
  for (const [t, price] of [['Batteri AA alkaliskt, 10-pack', [59, 89]], ['Batteri AAA alkaliskt, 10-pack', [59, 89]], ['Batteri 9V alkaliskt', [29, 45]], ['Kopplingsdosa IP54', [29, 49]], ['Timer mekanisk', [59, 99]], ['Skymningsrelä', [149, 229]], ['Kabelvinda 25 m', [399, 599]], ['Pannlampa 300 lm', [149, 249]]] as const) {
    out.push({ description: t, group: 'EL', price: [price[0], price[1]], weight: [0.1, 0.4], text: `${t}.`, supplier: 8 });
  }
  for (const c of ['Svart', 'Vit', 'Röd', 'Blå', 'Gul/grön']) out.push({ description: `Eltejp ${c} 19 mm x 20 m`, group: 'EL', unit: 'rle', price: [15, 25], weight: [0.03, 0.04], properties: [p('Färg', c)], text: 'Isoleringstejp i PVC.', supplier: 8 });
  // chemicals
  for (const [t, c] of [['Sanitetssilikon', 'Vit'], ['Sanitetssilikon', 'Transparent'], ['Sanitetssilikon', 'Grå'], ['Byggsilikon', 'Vit'], ['Byggsilikon', 'Svart'], ['Fogmassa akryl', 'Vit'], ['Fogmassa akryl', 'Grå'], ['Fogmassa hybrid', 'Vit']] as const) {
    out.push({ description: `${t} ${c} 300 ml`, group: 'KEM', price: [49, 99], weight: [0.4, 0.45], properties: [p('Färg', c), p('Volym', '300 ml')], text: `${t} i patron.`, supplier: 9 });
  }
  for (const c of ['Svart matt', 'Svart blank', 'Vit matt', 'Vit blank', 'Silver', 'Röd', 'Blå', 'Grön', 'Gul', 'Grundfärg grå']) {
    out.push({ description: `Sprayfärg ${c} 400 ml`, group: 'KEM', price: [59, 89], weight: [0.4, 0.45], properties: [p('Kulör', c)], text: 'Snabbtorkande sprayfärg för metall, trä och plast.', supplier: 6 });
  }
  for (const [t, v] of [['Trälim inne', '0,75 l'], ['Trälim ute', '0,75 l'], ['Trälim ute', '5 l'], ['Kontaktlim', '0,25 l'], ['Byggskum', '750 ml'], ['Rostlösare', '400 ml'], ['Multispray', '400 ml'], ['Avfettning', '1 l'], ['Avfettning', '5 l'], ['Handrengöring', '500 ml'], ['Handrengöring', '2 l'], ['Smörjfett', '400 g']] as const) {
    out.push({ description: `${t} ${v}`, group: 'KEM', price: [49, 249], weight: [0.3, 5], properties: [p('Volym', v)], text: `${t}, ${v}.`, supplier: 9 });
  }
  // protective
  for (const [t, price] of [
    ['Skyddsglasögon Klar', [39, 69]], ['Skyddsglasögon Tonad', [49, 79]], ['Skyddsglasögon Gul', [49, 79]], ['Skyddsglasögon med bågar Proffs', [89, 149]],
    ['Hörselkåpa Bas SNR 27 dB', [99, 149]], ['Hörselkåpa Proffs SNR 32 dB', [199, 299]], ['Hörselkåpa hjälmfäste SNR 30 dB', [179, 249]],
    ['Hörselproppar, 200 par', [199, 299]], ['Andningsskydd FFP2, 10 st', [99, 149]], ['Andningsskydd FFP2 med ventil, 10 st', [149, 199]],
    ['Andningsskydd FFP3 med ventil, 10 st', [199, 279]], ['Knäskydd gel', [149, 249]], ['Första hjälpen-kudde', [199, 279]], ['Ögondusch 500 ml', [79, 119]],
  ] as const) {
    out.push({ description: t, group: 'SKYD', price: [price[0], price[1]], weight: [0.05, 0.5], properties: [p('Standard', t.startsWith('Skydd') ? 'EN 166' : t.startsWith('Hörsel') ? 'EN 352' : t.startsWith('Andning') ? 'EN 149' : 'CE')], text: `${t}.`, supplier: 5 });
  }
  for (const c of ['Vit', 'Gul', 'Orange', 'Röd', 'Blå']) out.push({ description: `Skyddshjälm ${c}`, group: 'SKYD', price: [129, 199], weight: [0.35, 0.4], properties: [p('Färg', c), p('Standard', 'EN 397')], text: 'Skyddshjälm med sexpunkts bärsele.', supplier: 5 });
  // outdoor
  for (const [t, price, w] of [
    ['Termos 0,5 l', [149, 229], 0.4], ['Termos 1 l', [199, 299], 0.6], ['Matlåda termos 0,5 l', [199, 279], 0.45], ['Stormkök gas', [499, 799], 0.9],
    ['Gasolpatron 450 g', [69, 99], 0.7], ['Kåsa björk', [149, 249], 0.1], ['Liggunderlag 185 cm', [199, 349], 0.4], ['Sittunderlag', [39, 79], 0.05],
    ['Stormtändstickor', [39, 59], 0.05], ['Kompass', [149, 249], 0.05], ['Vattenflaska 0,75 l', [99, 169], 0.15], ['Yxa 60 cm', [399, 699], 1.4],
    ['Handyxa 35 cm', [299, 499], 0.8], ['Täljkniv kolstål', [129, 229], 0.1], ['Täljkniv rostfri', [129, 229], 0.1], ['Tältpinnar aluminium, 10 st', [79, 129], 0.15],
  ] as const) {
    out.push({ description: t, group: 'FRIL', price: [price[0], price[1]], weight: [w, w + 0.05], text: `${t} för friluftsliv.`, supplier: 9 });
  }
  // by the metre
  for (const d of [6, 8, 10, 12, 14, 16]) out.push({ description: `Rep polyester ${d} mm`, group: 'METV', unit: 'm', price: [4 + d * 0.8, 6 + d], weight: [d * 0.004, d * 0.005], properties: [p('Diameter', `${d} mm`)], text: 'Flätat rep i polyester, säljs per meter.', supplier: 9 });
  for (const d of [4, 5, 6, 8, 10]) out.push({ description: `Kätting förzinkad ${d} mm`, group: 'METV', unit: 'm', price: [19 + d * 4, 29 + d * 5], weight: [d * 0.06, d * 0.07], properties: [p('Dimension', `${d} mm`)], text: 'Kortlänkad kätting, säljs per meter.', supplier: 4 });
  for (const d of ['3G1,5', '3G2,5', '5G1,5', '5G2,5']) out.push({ description: `Installationskabel EKK-Light ${d}`, group: 'METV', unit: 'm', price: [9, 24], weight: [0.1, 0.2], properties: [p('Ledare', d)], text: 'Installationskabel för fast förläggning, säljs per meter.', supplier: 8 });
  for (const d of [3, 4, 5, 6]) out.push({ description: `Vajer rostfri ${d} mm`, group: 'METV', unit: 'm', price: [12 + d * 3, 18 + d * 4], weight: [d * 0.01, d * 0.012], properties: [p('Diameter', `${d} mm`), p('Material', 'Rostfritt stål A4')], text: 'Vajer 7x7, säljs per meter.', supplier: 4 });
  // other: food (12 %), books (6 %), gift cards (0 %, not stocked)
  for (const [t, price] of [['Kaffe mellanrost 450 g', [42, 59]], ['Kaffe mörkrost 450 g', [42, 59]], ['Bryggkaffe ekologiskt 500 g', [59, 79]], ['Te Earl Grey, 100 påsar', [49, 69]]] as const) {
    out.push({ description: t, group: 'OVR', vatCode: '2', price: [price[0], price[1]], weight: [0.45, 0.55], text: `${t} till fikarummet.`, supplier: 9 });
  }
  for (const [t, price] of [['Handbok i snickeri', [249, 349]], ['Bygghandboken 2026', [399, 499]], ['Måla rätt – inne och ute', [199, 279]]] as const) {
    out.push({ description: t, group: 'OVR', vatCode: '3', price: [price[0], price[1]], weight: [0.6, 1.2], properties: [p('Format', 'Inbunden')], text: `${t}. Fackbok på svenska.`, supplier: 9 });
  }
  for (const v of [250, 500, 1000]) out.push({ description: `Presentkort ${v} kr`, group: 'OVR', vatCode: '4', price: [v, v], weight: [0.01, 0.01], text: `Presentkort värt ${v} kr, giltigt i 24 månader.`, supplier: 9, stocked: false });
  return out;
}

export function buildingSpecs(): Spec[] {
  const out: Spec[] = [];
  // timber and boards, sold by the metre or the piece
  for (const w of [45, 70, 95, 120, 145, 170, 195, 220]) {
    out.push({ description: `Konstruktionsvirke C24 45x${w} mm`, group: 'TRA', unit: 'm', price: [8 + w * 0.12, 10 + w * 0.14], weight: [w * 0.012, w * 0.013], properties: [p('Dimension', `45x${w} mm`), p('Hållfasthetsklass', 'C24'), p('Träslag', 'Gran')], text: 'Hållfasthetssorterat konstruktionsvirke, säljs per meter.', supplier: 9 });
  }
  for (const w of [45, 70, 95]) out.push({ description: `Regel 34x${w} mm`, group: 'TRA', unit: 'm', price: [6 + w * 0.08, 8 + w * 0.1], weight: [w * 0.009, w * 0.01], properties: [p('Dimension', `34x${w} mm`)], text: 'Regel i gran, säljs per meter.', supplier: 9 });
  for (const d of ['28x95', '28x120', '34x145', '45x145']) {
    for (const c of ['grön', 'brun']) out.push({ description: `Trall tryckimpregnerad ${d} mm ${c}`, group: 'TRA', unit: 'm', price: [18, 42], weight: [1.2, 2.8], properties: [p('Dimension', `${d} mm`), p('Impregnering', 'NTR/AB'), p('Kulör', c)], text: 'Tryckimpregnerad trall i furu, säljs per meter.', supplier: 9 });
  }
  for (const d of ['22x95', '22x120']) out.push({ description: `Råspont ${d} mm`, group: 'TRA', unit: 'm', price: [14, 22], weight: [0.9, 1.2], properties: [p('Dimension', `${d} mm`)], text: 'Råspont för tak och golv.', supplier: 9 });
  for (const [t, d] of [['Lockpanel', '22x95'], ['Lockläkt', '22x45'], ['Dalspanel', '22x145'], ['Stående panel', '22x120']]) {
    for (const f of ['obehandlad', 'grundmålad vit']) out.push({ description: `${t} ${d} mm ${f}`, group: 'TRA', unit: 'm', price: f === 'obehandlad' ? [12, 24] : [19, 34], weight: [0.6, 1.4], properties: [p('Dimension', `${d} mm`), p('Ytbehandling', f)], text: `${t} för fasad, säljs per meter.`, supplier: 9 });
  }
  for (const [t, d] of [['Kilpanel', '12x95'], ['Pärlspont', '14x95']]) {
    for (const tr of ['furu', 'gran']) out.push({ description: `${t} ${d} mm ${tr}`, group: 'TRA', unit: 'm', price: [9, 16], weight: [0.4, 0.6], properties: [p('Dimension', `${d} mm`), p('Träslag', tr)], text: 'Innerpanel, säljs per meter.', supplier: 9 });
  }
  for (const t of ['Golvlist', 'Taklist', 'Foder']) {
    for (const f of ['vit', 'ek', 'furu']) out.push({ description: `${t} ${f} 12x56 mm`, group: 'TRA', unit: 'm', price: [12, 29], weight: [0.15, 0.25], properties: [p('Utförande', f)], text: `${t}, säljs per meter.`, supplier: 9 });
  }
  for (const d of ['25x38', '25x48', '45x70']) out.push({ description: `Läkt ${d} mm`, group: 'TRA', unit: 'm', price: [4, 12], weight: [0.4, 1.5], properties: [p('Dimension', `${d} mm`)], text: 'Takläkt, säljs per meter.', supplier: 9 });
  for (const t of ['Standard', 'Våtrum', 'Brandskydd', 'Ytterskiva']) {
    for (const l of [2400, 2700]) out.push({ description: `Gipsskiva ${t} 13x1200x${l} mm`, group: 'TRA', price: [89, 219], weight: [l * 0.009, l * 0.011], dims: [l, 1200, 13], properties: [p('Tjocklek', '13 mm'), p('Typ', t)], text: `Gipsskiva ${t.toLowerCase()}.`, supplier: 9 });
  }
  for (const t of [12, 18, 22]) out.push({ description: `OSB-skiva ${t}x1220x2440 mm`, group: 'TRA', price: [189 + t * 8, 229 + t * 10], weight: [t * 1.8, t * 2], dims: [2440, 1220, t], properties: [p('Tjocklek', `${t} mm`), p('Klass', 'OSB/3')], text: 'OSB-skiva för golv, vägg och tak.', supplier: 9 });
  for (const t of [9, 12, 15, 18, 21]) {
    for (const k of ['furu K', 'björk B/BB']) out.push({ description: `Plywood ${k} ${t}x1220x2440 mm`, group: 'TRA', price: [249 + t * 12, 349 + t * 18], weight: [t * 1.4, t * 1.6], dims: [2440, 1220, t], properties: [p('Tjocklek', `${t} mm`), p('Kvalitet', k)], text: 'Plywoodskiva.', supplier: 9 });
  }
  for (const t of [6, 12, 16, 19]) out.push({ description: `MDF-skiva ${t}x1220x2440 mm`, group: 'TRA', price: [149 + t * 10, 199 + t * 12], weight: [t * 2, t * 2.2], dims: [2440, 1220, t], properties: [p('Tjocklek', `${t} mm`)], text: 'MDF-skiva för inredning.', supplier: 9 });
  out.push({ description: 'Golvspånskiva 22x600x2400 mm', group: 'TRA', price: [149, 199], weight: [22, 24], dims: [2400, 600, 22], text: 'Spontad golvspånskiva.', supplier: 9 });
  for (const t of [45, 70, 95, 145, 170, 195]) {
    out.push({ description: `Isolering mineralull skiva ${t} mm`, group: 'TRA', unit: 'frp', price: [199 + t, 299 + t * 1.5], weight: [5, 9], properties: [p('Tjocklek', `${t} mm`), p('Lambda', '0,037')], text: 'Glasullsskiva för regelväggar och bjälklag. Förpackning om ca 5 m².', supplier: 9 });
    out.push({ description: `Isolering stenull skiva ${t} mm`, group: 'TRA', unit: 'frp', price: [249 + t, 349 + t * 1.5], weight: [7, 12], properties: [p('Tjocklek', `${t} mm`), p('Lambda', '0,036')], text: 'Stenullsskiva, brandsäker.', supplier: 9 });
  }
  // plumbing
  for (const d of [12, 15, 18, 22, 28]) {
    out.push({ description: `Kopparrör ${d} mm`, group: 'VVS', unit: 'm', price: [40 + d * 3, 50 + d * 4], weight: [d * 0.015, d * 0.02], properties: [p('Ytterdiameter', `${d} mm`)], text: 'Kopparrör för tappvatten och värme, säljs per meter.', supplier: 8 });
    for (const t of ['Pressmuff', 'Pressvinkel 90°', 'Press T-rör']) out.push({ description: `${t} ${d} mm`, group: 'VVS', price: [29 + d, 49 + d * 2], weight: [0.03, 0.1], properties: [p('Dimension', `${d} mm`)], text: `${t} för kopparrör.`, supplier: 8 });
    out.push({ description: `Kulventil ${d} mm`, group: 'VVS', price: [99 + d * 4, 149 + d * 5], weight: [0.1, 0.4], properties: [p('Dimension', `${d} mm`)], text: 'Kulventil med vred.', supplier: 8 });
  }
  for (const d of [32, 40, 50, 75, 110]) {
    for (const l of ['0,5', '1', '2']) out.push({ description: `Avloppsrör PP ${d} mm x ${l} m`, group: 'VVS', price: [29 + d * 0.5, 49 + d], weight: [0.2, 1.5], properties: [p('Dimension', `${d} mm`), p('Längd', `${l} m`)], text: 'Avloppsrör i polypropen med muff.', supplier: 8 });
    for (const a of [15, 30, 45, 87]) out.push({ description: `Böj PP ${d} mm ${a}°`, group: 'VVS', price: [15 + d * 0.2, 25 + d * 0.4], weight: [0.05, 0.3], properties: [p('Dimension', `${d} mm`), p('Vinkel', `${a}°`)], text: 'Avloppsböj i polypropen.', supplier: 8 });
    out.push({ description: `Grenrör PP ${d}x${d} mm 45°`, group: 'VVS', price: [35 + d * 0.4, 55 + d * 0.6], weight: [0.1, 0.5], properties: [p('Dimension', `${d} mm`)], text: 'Grenrör för avlopp.', supplier: 8 });
  }
  for (const [t, price] of [['Tvättställsblandare Bas', [699, 899]], ['Tvättställsblandare Design', [1290, 1690]], ['Köksblandare Bas', [899, 1190]], ['Köksblandare med diskmaskinsavstängning', [1490, 1890]], ['Duschblandare termostat', [1690, 2290]], ['Badkarsblandare termostat', [1890, 2490]], ['Vattenlås tvättställ 32 mm', [89, 149]], ['Vattenlås diskbänk 40 mm', [129, 189]], ['PEX-rör 16 mm i skyddsrör', [19, 29]], ['PEX-rör 20 mm i skyddsrör', [24, 34]]] as const) {
    out.push({ description: t, group: 'VVS', unit: t.startsWith('PEX') ? 'm' : 'st', price: [price[0], price[1]], weight: [0.2, 2], text: `${t}.`, supplier: 8 });
  }
  // fittings and hardware
  for (const t of ['Gångjärn lyft', 'Gångjärn bladgångjärn', 'Gångjärn rostfritt', 'Stängselgångjärn']) {
    for (const s of [60, 80, 100]) out.push({ description: `${t} ${s} mm`, group: 'FAST-BES', price: [19 + s * 0.3, 39 + s * 0.5], weight: [0.05, 0.3], properties: [p('Storlek', `${s} mm`)], text: `${t}.`, supplier: 4 });
  }
  for (const m of ['Bygel', 'Stång', 'Båge', 'Kant', 'Knopp-bygel']) {
    for (const cc of [96, 128, 160]) {
      for (const f of ['borstat stål', 'matt svart']) out.push({ description: `Handtag ${m} cc ${cc} mm ${f}`, group: 'FAST-BES', price: [29, 89], weight: [0.05, 0.15], properties: [p('Centrumavstånd', `${cc} mm`), p('Finish', f)], text: 'Möbelhandtag inklusive skruv.', supplier: 4 });
    }
  }
  for (const m of ['Rund', 'Kvadrat', 'Droppe', 'Läder']) for (const f of ['borstat stål', 'matt svart']) out.push({ description: `Knopp ${m} ${f}`, group: 'FAST-BES', price: [19, 59], weight: [0.03, 0.06], properties: [p('Finish', f)], text: 'Möbelknopp inklusive skruv.', supplier: 4 });
  for (const t of ['Cylinderlås standard', 'Cylinderlås säkerhetsklass 3', 'Hänglås 40 mm', 'Hänglås 60 mm', 'Kodlås', 'Dörrstängare']) out.push({ description: t, group: 'FAST-BES', price: [99, 1290], weight: [0.2, 1.2], text: `${t}.`, supplier: 4 });
  // more screws
  for (const l of [25, 35, 45, 55]) for (const n of [250, 1000]) out.push({ description: `Gipsskruv 3,9x${l} mm, ${n} st`, group: 'FAST-SKR', unit: 'ask', price: [n / 10 + l, n / 8 + l * 1.5], weight: [n * l * 0.00004, n * l * 0.00005], properties: [p('Dimension', `3,9x${l} mm`)], text: 'Fosfaterad gipsskruv för trä- och stålreglar.', supplier: 4 });
  for (const l of [35, 50, 60, 75]) for (const c of ['vit', 'svart']) out.push({ description: `Fasadskruv 4,8x${l} mm ${c}, 100 st`, group: 'FAST-SKR', unit: 'ask', price: [89, 179], weight: [0.3, 0.6], properties: [p('Dimension', `4,8x${l} mm`), p('Kulör', c)], text: 'Målad fasadskruv i rostfritt stål A2.', supplier: 4 });
  for (const d of [6, 8, 10]) for (const l of [80, 100, 120, 160, 200, 240, 280, 300]) if (l >= d * 10) out.push({ description: `Konstruktionsskruv ${d}x${l} mm, 50 st`, group: 'FAST-SKR', unit: 'ask', price: [d * l * 0.08 + 80, d * l * 0.1 + 100], weight: [d * d * l * 0.00035, d * d * l * 0.0004], properties: [p('Dimension', `${d}x${l} mm`), p('Drev', d >= 8 ? 'Torx T40' : 'Torx T30')], text: 'Konstruktionsskruv med tallrikshuvud för bärande förband.', supplier: 4 });
  for (const l of [42, 56, 75]) for (const m of ['A2', 'A4']) out.push({ description: `Terrassskruv rostfri ${m} 4,2x${l} mm, 200 st`, group: 'FAST-SKR', unit: 'ask', price: [189, 389], weight: [0.8, 1.4], properties: [p('Dimension', `4,2x${l} mm`), p('Material', `Rostfritt stål ${m}`)], text: 'Terrassskruv med fräsribbor under huvudet.', supplier: 4 });
  for (const d of ['3,5', '4,0', '4,5', '5,0']) for (const l of [16, 30, 40, 50, 60]) out.push({ description: `Spånskiveskruv ${d}x${l} mm, 200 st`, group: 'FAST-SKR', unit: 'ask', price: [39, 129], weight: [0.1, 0.6], properties: [p('Dimension', `${d}x${l} mm`)], text: 'Förzinkad spånskiveskruv med PZ-spår.', supplier: 4 });
  for (const d of [3, 4, 5, 6]) for (const l of [10, 16, 20, 30, 40]) out.push({ description: `Maskinskruv MRT M${d}x${l} förzinkad, 50 st`, group: 'FAST-SKR', unit: 'frp', price: [25 + d * 3, 39 + d * 4], weight: [0.05, 0.2], properties: [p('Gänga', `M${d}`), p('Längd', `${l} mm`)], text: 'Maskinskruv med försänkt huvud.', supplier: 4 });
  for (const [d, l] of [[5, 30], [6, 40], [6, 60], [8, 60], [8, 80], [10, 100]]) out.push({ description: `Slagplugg ${d}x${l} mm, 50 st`, group: 'FAST-PLU', unit: 'frp', price: [59, 149], weight: [0.1, 0.4], properties: [p('Dimension', `${d}x${l} mm`)], text: 'Slagplugg med förmonterad skruv.', supplier: 4 });
  for (const d of [6, 8, 10, 12]) for (const l of [50, 60, 80, 100, 120, 150]) if (l >= d * 5) out.push({ description: `Slottsbult ${d}x${l} mm med mutter, 10 st`, group: 'FAST-SKR', unit: 'frp', price: [d * l * 0.04 + 25, d * l * 0.05 + 35], weight: [(d * d * l * 10) / 140_000, (d * d * l * 10) / 120_000], properties: [p('Dimension', `M${d}x${l} mm`), p('Standard', 'DIN 603')], text: 'Slottsbult med rund skalle och fyrkantsansats, inklusive mutter.', supplier: 4 });
  for (const d of [3, 4, 5, 6, 8]) for (const l of [8, 10, 16, 20, 25]) out.push({ description: `Maskinskruv MC6S M${d}x${l} rostfri A2, 50 st`, group: 'FAST-SKR', unit: 'frp', price: [29 + d * 4, 45 + d * 5], weight: [0.03, 0.3], properties: [p('Gänga', `M${d}`), p('Längd', `${l} mm`), p('Material', 'Rostfritt stål A2')], text: 'Insexskruv i rostfritt stål A2.', supplier: 4 });
  for (const d of [4, 5, 6, 8, 10, 12]) out.push({ description: `Vingmutter M${d} förzinkad, 20 st`, group: 'FAST-MUT', unit: 'frp', price: [19 + d * 2, 29 + d * 3], weight: [0.05, 0.3], properties: [p('Gänga', `M${d}`), p('Standard', 'DIN 315')], text: 'Vingmutter som dras åt för hand.', supplier: 4 });
  for (const [d, l] of [[4, 20], [5, 30], [6, 40], [8, 60], [10, 80], [12, 100]]) out.push({ description: `Ögleskruv ${d}x${l} mm förzinkad, 10 st`, group: 'FAST-SKR', unit: 'frp', price: [29 + d * 3, 39 + d * 4], weight: [0.05, 0.4], properties: [p('Dimension', `${d}x${l} mm`)], text: 'Ögleskruv med träskruvsgänga.', supplier: 4 });
  for (const s of ['S', 'M', 'L', 'XL']) out.push({ description: `Engångshandske nitril ${s}, 100 st`, group: 'SKYD', unit: 'frp', price: [89, 139], weight: [0.4, 0.6], properties: [p('Storlek', s), p('Standard', 'EN ISO 374')], text: 'Puderfri engångshandske i nitril.', supplier: 5 });
  for (const k of [40, 60, 80, 120, 180, 240]) out.push({ description: `Sandpappersrulle korn ${k}, 115 mm x 5 m`, group: 'VERK-TILL', unit: 'rle', price: [59, 99], weight: [0.3, 0.4], properties: [p('Korn', `P${k}`)], text: 'Slippapper på rulle för handslip.', supplier: 3 });
  for (const [t, c] of [['P-list', 'vit'], ['P-list', 'brun'], ['E-list', 'vit'], ['E-list', 'brun'], ['D-list', 'vit'], ['D-list', 'svart']]) out.push({ description: `Tätningslist ${t} ${c}, 6 m`, group: 'TRA', unit: 'rle', price: [39, 79], weight: [0.05, 0.1], properties: [p('Profil', t), p('Kulör', c)], text: 'Självhäftande tätningslist för dörrar och fönster.', supplier: 9 });
  for (const t of ['Dörrstopp golv', 'Dörrstopp vägg', 'Dörrstopp magnetiskt']) out.push({ description: t, group: 'FAST-BES', price: [29, 129], weight: [0.05, 0.2], text: `${t}.`, supplier: 4 });
  // tools accessories
  for (let d = 1; d <= 10; d += 0.5) {
    const ds = String(d).replace('.', ',');
    out.push({ description: `Metallborr HSS-Co ${ds} mm`, group: 'VERK-TILL', price: [19 + d * 6, 29 + d * 8], weight: [0.005, 0.04], properties: [p('Diameter', `${ds} mm`), p('Material', 'HSS-Co 5 %')], text: 'Koboltlegerad borr för rostfritt stål.', supplier: 3 });
  }
  for (const [t, d] of [['Kapskiva metall', '125x1,0'], ['Kapskiva metall', '125x1,6'], ['Kapskiva rostfritt', '125x1,0'], ['Navrondell', '125x6,0'], ['Lamellrondell K40', '125'], ['Lamellrondell K80', '125'], ['Diamantklinga betong', '125'], ['Diamantklinga betong', '230'], ['Diamantklinga kakel', '115'], ['Diamantklinga kakel', '125']]) {
    out.push({ description: `${t} ${d} mm`, group: 'VERK-TILL', price: [19, 499], weight: [0.05, 0.6], properties: [p('Dimension', `${d} mm`)], text: `${t} för vinkelslip.`, supplier: 3 });
  }
  // electrical small parts
  for (const l of [100, 140, 200, 300, 370]) for (const c of ['svart', 'natur']) out.push({ description: `Buntband ${l} mm ${c}, 100 st`, group: 'EL', unit: 'frp', price: [19, 69], weight: [0.03, 0.15], properties: [p('Längd', `${l} mm`), p('Kulör', c)], text: 'Buntband i nylon.', supplier: 8 });
  for (const d of [5, 7, 10, 14, 20]) out.push({ description: `Kabelklammer ${d} mm vit, 100 st`, group: 'EL', unit: 'frp', price: [29, 59], weight: [0.05, 0.1], properties: [p('Kabeldiameter', `${d} mm`)], text: 'Kabelklammer med stålspik.', supplier: 8 });
  for (const t of ['Vägguttag 2-vägs vit', 'Vägguttag 2-vägs svart', 'Strömbrytare 1-pol vit', 'Trappkopplare vit', 'Dimmer LED vit', 'Utomhusuttag IP44']) out.push({ description: t, group: 'EL', price: [59, 399], weight: [0.05, 0.2], text: `${t}. Installeras av behörig elinstallatör.`, supplier: 8 });
  // storage
  for (const n of [10, 18, 24, 40]) out.push({ description: `Sortimentslåda ${n} fack`, group: 'VERK-HAND', price: [69 + n * 2, 99 + n * 3], weight: [0.4, 1.2], properties: [p('Antal fack', String(n))], text: 'Sortimentslåda med flyttbara fack.', supplier: 2 });
  for (const s of ['16"', '19"', '22"', '26"']) out.push({ description: `Verktygslåda ${s}`, group: 'VERK-HAND', price: [149, 499], weight: [1, 3], properties: [p('Storlek', s)], text: 'Verktygslåda med lösa insatser och metallås.', supplier: 2 });
  for (const l of [5, 10, 12, 20]) out.push({ description: `Hink ${l} l`, group: 'VERK-HAND', price: [19 + l, 29 + l * 2], weight: [0.2, 0.8], properties: [p('Volym', `${l} l`)], text: 'Bygghink med skala.', supplier: 2 });
  for (const l of [40, 65, 90]) out.push({ description: `Murbalja ${l} l`, group: 'VERK-HAND', price: [99 + l, 149 + l], weight: [1.5, 3], properties: [p('Volym', `${l} l`)], text: 'Murbalja i slagtålig plast.', supplier: 2 });
  for (const k of ['Vit', 'Svart', 'Äggskal', 'Grå', 'Grön', 'Blå', 'Röd', 'Gul']) out.push({ description: `Snickerifärg halvblank ${k} 0,9 l`, group: 'MAL', price: [129, 179], weight: [1, 1.1], properties: [p('Kulör', k), p('Glans', 'Halvblank 40')], text: 'Alkydfärg för dörrar, lister och snickerier.', supplier: 6 });
  return out;
}

export interface FamilySpec {
  base: string;
  models: string[];
  group: string;
  colours: string[];
  coloursPerModel: [number, number];
  sizes: string[];
  sizeName?: string;
  colourName?: string;
  price: [number, number];
  weight: [number, number];
  supplier: number;
  properties: NameValue[];
  text: string;
  unit?: string;
}

const ALPHA = ['XS', 'S', 'M', 'L', 'XL', 'XXL', '3XL'];
export const FAMILIES: FamilySpec[] = [
  { base: 'Arbetsjacka', models: ['Robust', 'Fjällbris', 'Kraft', 'Vinterhamn', 'Stormby', 'Granit'], group: 'KLAD-JAC', colours: ['Svart', 'Grå', 'Marinblå', 'Khaki'], coloursPerModel: [3, 4], sizes: ALPHA, price: [549, 1299], weight: [0.9, 1.6], supplier: 5, properties: [p('Material', '65 % polyester, 35 % bomull'), p('Tvätt', '60 °C')], text: 'Slitstark arbetsjacka med förstärkta armbågar, många fickor och reflexdetaljer.' },
  { base: 'Softshelljacka', models: ['Blåsväder', 'Kustlinje', 'Höjd'], group: 'KLAD-JAC', colours: ['Svart', 'Marinblå', 'Röd', 'Grön'], coloursPerModel: [4, 4], sizes: ALPHA.slice(1, 6), price: [449, 899], weight: [0.5, 0.8], supplier: 5, properties: [p('Material', '94 % polyester, 6 % elastan'), p('Vattenpelare', '8 000 mm')], text: 'Vind- och vattenavvisande softshelljacka med fleecefoder.' },
  { base: 'Hantverksbyxa', models: ['Snickare', 'Murare', 'Stretch', 'Vinter'], group: 'KLAD-BYX', colours: ['Svart', 'Grå', 'Marinblå'], coloursPerModel: [2, 3], sizes: ['C44', 'C46', 'C48', 'C50', 'C52', 'C54', 'C56', 'C58'], price: [499, 1099], weight: [0.7, 1.1], supplier: 5, properties: [p('Material', 'Cordura-förstärkt'), p('Knäskyddsfickor', 'Ja')], text: 'Hantverksbyxa med hängfickor, knäskyddsfickor och tumstocksficka.' },
  { base: 'Målarbyxa', models: ['Vit'], group: 'KLAD-BYX', colours: ['Vit'], coloursPerModel: [1, 1], sizes: ['C44', 'C46', 'C48', 'C50', 'C52', 'C54', 'C56', 'C58'], price: [399, 599], weight: [0.6, 0.8], supplier: 5, properties: [p('Material', '100 % bomull')], text: 'Klassisk målarbyxa i bomull.' },
  { base: 'T-shirt', models: ['Bas', 'Funktion', 'Logo'], group: 'KLAD-TRO', colours: ['Vit', 'Svart', 'Grå', 'Marinblå', 'Röd'], coloursPerModel: [5, 5], sizes: ALPHA.slice(1, 6), price: [79, 249], weight: [0.15, 0.25], supplier: 5, properties: [p('Material', '100 % bomull, 180 g/m²')], text: 'T-shirt i kraftig kvalitet som tål industritvätt.' },
  { base: 'Fleecetröja', models: ['Mysig', 'Arbete'], group: 'KLAD-TRO', colours: ['Svart', 'Marinblå', 'Grön'], coloursPerModel: [3, 3], sizes: ALPHA.slice(1, 6), price: [299, 549], weight: [0.4, 0.6], supplier: 5, properties: [p('Material', '100 % polyester, 300 g/m²')], text: 'Varm fleecetröja med hel dragkedja.' },
  { base: 'Varselväst', models: ['Klass 2', 'Klass 3'], group: 'KLAD-ACC', colours: ['Gul', 'Orange'], coloursPerModel: [2, 2], sizes: ['S/M', 'L/XL', 'XXL/3XL'], price: [69, 249], weight: [0.1, 0.25], supplier: 5, properties: [p('Standard', 'EN ISO 20471')], text: 'Varselväst med reflexband, certifierad enligt EN ISO 20471.' },
  { base: 'Regnställ', models: ['Skyfall', 'Duggregn'], group: 'KLAD-JAC', colours: ['Gul', 'Marinblå', 'Grön'], coloursPerModel: [3, 3], sizes: ALPHA.slice(1, 6), price: [349, 799], weight: [0.8, 1.2], supplier: 5, properties: [p('Material', 'PU på polyester'), p('Sömmar', 'Svetsade')], text: 'Regnställ med jacka och byxa, helt vattentätt.' },
  { base: 'Mössa', models: ['Stickad', 'Fleecefodrad'], group: 'KLAD-ACC', colours: ['Svart', 'Grå', 'Marinblå', 'Orange', 'Röd'], coloursPerModel: [5, 5], sizes: [], price: [59, 149], weight: [0.05, 0.1], supplier: 5, properties: [p('Storlek', 'One size')], text: 'Varm mössa för kalla arbetsdagar.' },
  { base: 'Arbetshandske', models: ['Grepp', 'Montering', 'Vinter', 'Nitril'], group: 'KLAD-HAN', colours: [], coloursPerModel: [0, 0], sizes: ['7', '8', '9', '10', '11'], price: [39, 169], weight: [0.05, 0.15], supplier: 5, properties: [p('Standard', 'EN 388')], text: 'Arbetshandske med bra grepp och passform.', unit: 'par' },
  { base: 'Skyddssko', models: ['Trygg S3', 'Lätt S1P'], group: 'KLAD-SKO', colours: [], coloursPerModel: [0, 0], sizes: ['36', '37', '38', '39', '40', '41', '42', '43', '44', '45', '46', '47'], price: [699, 1290], weight: [1.1, 1.6], supplier: 5, properties: [p('Standard', 'EN ISO 20345'), p('Tåhätta', 'Komposit')], text: 'Skyddssko med spiktrampskydd och tåhätta i komposit.', unit: 'par' },
  { base: 'Vinterkänga', models: ['Norrland S3'], group: 'KLAD-SKO', colours: [], coloursPerModel: [0, 0], sizes: ['39', '40', '41', '42', '43', '44', '45', '46'], price: [1190, 1590], weight: [1.8, 2.2], supplier: 5, properties: [p('Standard', 'EN ISO 20345'), p('Foder', 'Lammull')], text: 'Fodrad vinterkänga för kyla ner till –30 °C.', unit: 'par' },
  { base: 'Ryggsäck', models: ['Dagstur 25 l', 'Fjäll 45 l', 'Expedition 65 l'], group: 'FRIL', colours: ['Svart', 'Grön', 'Blå', 'Orange'], coloursPerModel: [4, 4], sizes: [], price: [399, 1990], weight: [0.8, 2.2], supplier: 9, properties: [p('Material', 'Ripstop-nylon')], text: 'Ryggsäck med justerbart bärsystem och regnskydd.' },
  { base: 'Vandringsjacka', models: ['Kebnekaise', 'Sarek', 'Padjelanta'], group: 'FRIL', colours: ['Röd', 'Blå', 'Grön', 'Svart'], coloursPerModel: [4, 4], sizes: ALPHA.slice(0, 6), price: [1290, 2990], weight: [0.6, 0.9], supplier: 9, properties: [p('Membran', '3-lagers'), p('Vattenpelare', '20 000 mm')], text: 'Skaljacka för fjällvandring, andas och håller tätt.' },
  { base: 'Underställ merino', models: ['200', '150'], group: 'FRIL', colours: ['Svart', 'Grå'], coloursPerModel: [2, 2], sizes: ALPHA.slice(0, 6), price: [499, 899], weight: [0.2, 0.3], supplier: 9, properties: [p('Material', '100 % merinoull')], text: 'Underställströja i merinoull som värmer även när den är fuktig.' },
  { base: 'Sovsäck', models: ['Sommar +5', 'Tre säsonger -5', 'Vinter -15'], group: 'FRIL', colours: [], coloursPerModel: [0, 0], sizes: ['Regular', 'Long'], sizeName: 'Längd', price: [899, 2990], weight: [0.9, 2.1], supplier: 9, properties: [p('Fyllning', 'Syntet')], text: 'Mumiesovsäck med kompressionspåse.' },
  { base: 'Fasadfärg', models: ['Täckande', 'Slamfärg'], group: 'MAL', colours: ['Vit', 'Svart', 'Falu rödfärg', 'Ockragul', 'Ljusgrå'], coloursPerModel: [5, 5], colourName: 'Kulör', sizes: ['1 l', '3 l', '10 l'], sizeName: 'Volym', price: [149, 1290], weight: [1.2, 13], supplier: 6, properties: [p('Användning', 'Utomhus, trä')], text: 'Vattenburen fasadfärg för trä. Rek. pris i euroområdet 24,90 € per liter.' },
  { base: 'Väggfärg', models: ['Matt 7', 'Halvmatt 20'], group: 'MAL', colours: ['Vit', 'Äggskal', 'Ljusgrå', 'Skogsgrön'], coloursPerModel: [4, 4], colourName: 'Kulör', sizes: ['1 l', '3 l', '10 l'], sizeName: 'Volym', price: [129, 1090], weight: [1.2, 13], supplier: 6, properties: [p('Användning', 'Inomhus, vägg')], text: 'Akrylatfärg för väggar i torra utrymmen.' },
];

