/* Generated from test/fixtures/messages by test/map/samples.ts (UPDATE_MAP_SAMPLES=1): do not edit. */
/** One sample model per Pyramid message document ("article", "login.request" ...), for the mapping preview. */
export const PYRAMID_SAMPLES: Record<string, unknown> = {
  "base-data": {
    "version": "1",
    "created": "2026-11-28T02:00:00+01:00",
    "scope": "full",
    "currencies": [
      {
        "code": "SEK",
        "description": "Svensk krona",
        "rate": "1.0000"
      },
      {
        "code": "EUR",
        "description": "Euro (€)",
        "rate": "11.4820"
      },
      {
        "code": "NOK",
        "description": "Norsk krone",
        "rate": "0.9875"
      },
      {
        "code": "DKK",
        "description": "Dansk krone",
        "rate": "1.5394"
      }
    ],
    "vatCodes": [
      {
        "code": "1",
        "description": "Utgående moms 25 %",
        "percent": "25"
      },
      {
        "code": "2",
        "description": "Utgående moms 12 % (livsmedel)",
        "percent": "12.00"
      },
      {
        "code": "3",
        "description": "Utgående moms 6 % (böcker)",
        "percent": "6"
      },
      {
        "code": "4",
        "description": "Momsfri försäljning (export, omvänd skattskyldighet)",
        "percent": "0.00"
      }
    ],
    "units": [
      {
        "code": "st",
        "description": "Styck"
      },
      {
        "code": "m",
        "description": "Meter"
      },
      {
        "code": "kg",
        "description": "Kilogram"
      },
      {
        "code": "frp",
        "description": "Förpackning"
      },
      {
        "code": "ask",
        "description": "Ask à 100 st"
      }
    ],
    "articleGroups": [
      {
        "code": "00100",
        "description": "Fästelement"
      },
      {
        "code": "00110",
        "description": "Skruv",
        "parent": "00100"
      },
      {
        "code": "00120",
        "description": "Bult & mutter",
        "parent": "00100"
      },
      {
        "code": "00200",
        "description": "Verktyg"
      },
      {
        "code": "00210",
        "description": "Elverktyg",
        "parent": "00200"
      },
      {
        "code": "00300",
        "description": "Arbetskläder"
      }
    ],
    "warehouses": [
      {
        "code": "01",
        "description": "Huvudlager Göteborg"
      },
      {
        "code": "02",
        "description": "Lager Malmö"
      },
      {
        "code": "03",
        "description": "Butik Örebro"
      }
    ],
    "deliveryMethods": [
      {
        "code": "PN-MB",
        "description": "PostNord MyPack Home"
      },
      {
        "code": "DHL-PAL",
        "description": "DHL Freight pall"
      },
      {
        "code": "HAMT",
        "description": "Hämtas i butik (Örebro)"
      }
    ],
    "deliveryTerms": [
      {
        "code": "FVL",
        "description": "Fritt vårt lager"
      },
      {
        "code": "FK",
        "description": "Fritt kund"
      },
      {
        "code": "DAP",
        "description": "Levererat till angiven plats (Incoterms 2020)"
      }
    ],
    "paymentTerms": [
      {
        "code": "30",
        "description": "30 dagar netto",
        "days": 30
      },
      {
        "code": "015",
        "description": "15 dagar netto",
        "days": 15
      },
      {
        "code": "KF",
        "description": "Kontant / förskott",
        "days": 0
      },
      {
        "code": "K10",
        "description": "Kortbetalning i webbshoppen"
      }
    ],
    "priceLists": [
      {
        "code": "01",
        "description": "Grundprislista exkl. moms",
        "currency": "SEK",
        "includesVat": false
      },
      {
        "code": "02",
        "description": "Butikspris inkl. moms",
        "currency": "SEK",
        "includesVat": true
      },
      {
        "code": "05",
        "description": "Återförsäljare",
        "currency": "SEK",
        "includesVat": false
      },
      {
        "code": "EUR",
        "description": "Euro-prislista (€) Finland & Åland",
        "currency": "EUR",
        "includesVat": false
      }
    ],
    "customerCategories": [
      {
        "code": "001",
        "description": "Återförsäljare"
      },
      {
        "code": "002",
        "description": "Bygg & entreprenad"
      },
      {
        "code": "003",
        "description": "Privatkund"
      }
    ],
    "countries": [
      {
        "code": "SE",
        "description": "Sverige",
        "euMember": true
      },
      {
        "code": "FI",
        "description": "Finland",
        "euMember": true
      },
      {
        "code": "AX",
        "description": "Åland",
        "euMember": true
      },
      {
        "code": "DK",
        "description": "Danmark",
        "euMember": true
      },
      {
        "code": "NO",
        "description": "Norge",
        "euMember": false
      }
    ]
  },
  "article": {
    "version": "1",
    "created": "2026-11-28T10:15:00+01:00",
    "scope": "delta",
    "articles": [
      {
        "articleCode": "00123",
        "action": "andrad",
        "description": "Skruv rostfri M6x20 A4",
        "description2": "Insex, försänkt huvud",
        "longText": "Rostfri maskinskruv i syrafast stål A4 (EN ISO 10642).\nLämplig för utomhusmiljö och kustnära klimat.\nPris i € på begäran för export.",
        "unit": "st",
        "articleGroup": "00110",
        "vatCode": "1",
        "ean": "07350012300123",
        "supplier": "00451",
        "supplierArticleCode": "ES-10642-0620",
        "weight": "0.006",
        "volume": "0.0000021",
        "length": "20",
        "width": "6",
        "height": "6",
        "basePrice": "12.50",
        "basePriceCurrency": "SEK",
        "webActive": true,
        "stocked": true,
        "discontinued": false,
        "searchWords": "skruv, rostfri, M6, insex, syrafast, fästelement",
        "webCategories": [
          "Fästelement/Skruv",
          "Fästelement/Rostfritt"
        ],
        "properties": [
          {
            "name": "Material",
            "value": "Rostfritt stål A4"
          },
          {
            "name": "Gänga",
            "value": "M6"
          },
          {
            "name": "Längd",
            "value": "20 mm"
          }
        ],
        "images": [
          "00123.jpg",
          "00123-måttskiss.png"
        ],
        "changed": "2026-11-28T10:14:02+01:00",
        "extra": {
          "Varumarke": "Essve"
        }
      },
      {
        "articleCode": "00124",
        "action": "ny",
        "description": "Mutter M6 A4",
        "description2": "",
        "unit": "st",
        "articleGroup": "00120",
        "vatCode": "1",
        "ean": "07350012300124",
        "weight": "0.002",
        "basePrice": "1.90",
        "basePriceCurrency": "SEK",
        "webActive": true,
        "stocked": true,
        "discontinued": false,
        "webCategories": [
          "Fästelement/Bult & mutter"
        ],
        "properties": [
          {
            "name": "Material",
            "value": "Rostfritt stål A4"
          }
        ],
        "changed": "20261127T163005+0100"
      },
      {
        "articleCode": "04500",
        "action": "andrad",
        "description": "Arbetsjacka Vinter",
        "description2": "Fodrad, vattentät",
        "longText": "Vattentät och vadderad arbetsjacka med reflexer, två bröstfickor och avtagbar luva.\nFinns i röd och svart, storlek S–XXL. Exportpris 89,00 € exkl. moms.",
        "unit": "st",
        "articleGroup": "00300",
        "vatCode": "1",
        "supplier": "00982",
        "basePrice": "749.00",
        "basePriceCurrency": "SEK",
        "webActive": true,
        "stocked": false,
        "discontinued": false,
        "searchWords": "jacka, vinterjacka, arbetskläder, reflex",
        "webCategories": [
          "Arbetskläder/Jackor"
        ],
        "properties": [
          {
            "name": "Material",
            "value": "Polyester/bomull 65/35"
          },
          {
            "name": "Vattenpelare",
            "value": "10 000 mm"
          }
        ],
        "images": [
          "04500-framsida.png"
        ],
        "changed": "2026-11-28T09:58:41+01:00",
        "extra": {
          "Varumarke": "Blåkläder"
        }
      },
      {
        "articleCode": "04500-R-M",
        "action": "ny",
        "description": "Arbetsjacka Vinter röd M",
        "unit": "st",
        "articleGroup": "00300",
        "vatCode": "1",
        "ean": "07350012345001",
        "weight": "1.150",
        "basePrice": "749.00",
        "basePriceCurrency": "SEK",
        "webActive": true,
        "stocked": true,
        "parentArticle": "04500",
        "variantProperties": [
          {
            "name": "Farg",
            "value": "Röd"
          },
          {
            "name": "Storlek",
            "value": "M"
          }
        ],
        "images": [
          "04500-röd-detalj.png"
        ],
        "changed": "2026-11-28T09:58:41+01:00"
      },
      {
        "articleCode": "04500-SV-L",
        "action": "ny",
        "description": "Arbetsjacka Vinter svart L",
        "unit": "st",
        "articleGroup": "00300",
        "vatCode": "1",
        "ean": "07350012345018",
        "weight": "1.210",
        "basePrice": "749.00",
        "basePriceCurrency": "SEK",
        "webActive": true,
        "stocked": true,
        "parentArticle": "04500",
        "variantProperties": [
          {
            "name": "Farg",
            "value": "Svart"
          },
          {
            "name": "Storlek",
            "value": "L"
          }
        ],
        "changed": "2026-11-28T09:58:42+01:00"
      },
      {
        "articleCode": "07700",
        "action": "andrad",
        "description": "Slagborrmaskin 18 V, 2×5,0 Ah",
        "description2": "Servicemaskin – säljs ej i webbshoppen",
        "unit": "st",
        "articleGroup": "00210",
        "vatCode": "1",
        "ean": "04002395281091",
        "supplier": "00017",
        "supplierArticleCode": "DHP485RTJ",
        "weight": "2.6",
        "length": "230",
        "width": "82",
        "height": "255",
        "basePrice": "169.00",
        "basePriceCurrency": "EUR",
        "webActive": false,
        "stocked": true,
        "discontinued": true,
        "searchWords": "",
        "webCategories": [],
        "changed": "2026-11-26T14:03:00+01:00"
      }
    ]
  },
  "kit-article": {
    "version": "1",
    "created": "2026-11-28T10:15:00+01:00",
    "scope": "delta",
    "kits": [
      {
        "articleCode": "SET-00123",
        "action": "ny",
        "description": "Skruvsats rostfri M6 – 100 skruv + 100 mutter",
        "priceType": "summa",
        "components": [
          {
            "articleCode": "00123",
            "quantity": "100"
          },
          {
            "articleCode": "00124",
            "quantity": "100.000"
          }
        ],
        "changed": "2026-11-28T10:02:11+01:00"
      },
      {
        "articleCode": "08800",
        "action": "andrad",
        "description": "Startpaket snickare – kampanjpris 129 € i Finland",
        "priceType": "eget",
        "price": "1495.00",
        "components": [
          {
            "articleCode": "07700",
            "quantity": "1"
          },
          {
            "articleCode": "04500-SV-L",
            "quantity": "1"
          },
          {
            "articleCode": "00123",
            "quantity": "50"
          },
          {
            "articleCode": "09100",
            "quantity": "1.5"
          }
        ],
        "changed": "2026-11-27T16:45:00+01:00"
      },
      {
        "articleCode": "08810",
        "action": "andrad",
        "description": "Vinterpaket: jacka röd M + mössa",
        "priceType": "eget",
        "price": "799.00",
        "components": [
          {
            "articleCode": "04500-R-M",
            "quantity": "1"
          },
          {
            "articleCode": "04610",
            "quantity": "1.0"
          }
        ],
        "changed": "20261127T164500"
      },
      {
        "articleCode": "08900",
        "action": "borttagen",
        "description": "Höstpaket 2025 (utgått)",
        "components": [],
        "changed": "2026-11-28T08:30:00+01:00"
      }
    ]
  },
  "order": {
    "version": "1",
    "created": "2026-11-28T10:20:00+01:00",
    "externalOrderNumber": "WC-10042",
    "orderDate": "2026-11-28",
    "customerNumber": "010017",
    "contact": {
      "contactId": "000452",
      "name": "Åsa Lindqvist",
      "email": "asa.lindqvist@bjorkosoner.se",
      "phone": "031-712 45 60"
    },
    "customerOrderNumber": "IO-2026-0118",
    "customerReference": "Åsa Lindqvist / Projekt Älvstranden",
    "invoiceAddress": {
      "name": "Björk & Söner AB",
      "co": "Ekonomiavdelningen",
      "address1": "Box 1234",
      "address2": "",
      "postalCode": "411 38",
      "city": "Göteborg",
      "country": "SE",
      "phone": "031-712 45 00"
    },
    "deliveryAddress": {
      "name": "Björk & Söner AB",
      "co": "Bygget Älvstranden, etapp 2",
      "address1": "Lindholmsallén 10",
      "address2": "Grind 3, lastkaj öster",
      "postalCode": "417 55",
      "city": "Göteborg",
      "country": "SE",
      "phone": "070-123 45 67"
    },
    "deliveryMethod": "PN-MB",
    "deliveryTerms": "FVL",
    "paymentMethod": "FAKTURA",
    "paymentReference": "",
    "currency": "SEK",
    "priceList": "01",
    "pricesIncludeVat": false,
    "rows": [
      {
        "rowNumber": 1,
        "articleCode": "00123",
        "description": "Skruv rostfri M6x20 A4",
        "quantity": "160",
        "unitPrice": "12.45",
        "discountPercent": "10",
        "vatPercent": "25",
        "rowText": "",
        "unit": "st"
      },
      {
        "rowNumber": 2,
        "articleCode": "00124",
        "description": "Mutter M6 A4",
        "quantity": "200",
        "unitPrice": "1.90",
        "vatPercent": "25.00",
        "unit": "st"
      },
      {
        "rowNumber": 3,
        "articleCode": "04500-SV-L",
        "description": "Arbetsjacka Vinter svart L",
        "quantity": "2",
        "unitPrice": "749.00",
        "discountPercent": "0",
        "vatPercent": "25",
        "rowText": "Brodyr på bröstet: \"Björk & Söner\"",
        "unit": "st"
      },
      {
        "rowNumber": 4,
        "articleCode": "SET-00123",
        "description": "Skruvsats rostfri M6 – 100 skruv + 100 mutter",
        "quantity": "1",
        "unitPrice": "329.00",
        "vatPercent": "25",
        "unit": "st"
      }
    ],
    "freight": {
      "amount": "149.00",
      "vatPercent": "25"
    },
    "invoiceFee": "29.00",
    "discountCode": "BYGG10",
    "message": "Leverans till bygget, ring Åsa 30 min innan. Märk kollit \"Projekt Älvstranden\".\nVår finska filial vill ha nästa offert i € – kontakta oss.",
    "requestedDeliveryDate": "2026-12-03",
    "totalExclVat": "4177.80",
    "totalVat": "1044.45",
    "totalInclVat": "5222.25"
  },
  "quote": {
    "version": "1",
    "created": "2026-11-28T11:05:12+01:00",
    "externalQuoteNumber": "Q-2026-00087",
    "orderDate": "2026-11-28",
    "validUntil": "2026-12-28",
    "newCustomer": {
      "externalCustomerId": "wc-5531",
      "name": "Ek & Lönn Snickeri AB",
      "organisationNumber": "556987-0123",
      "vatNumber": "SE556987012301",
      "privatePerson": false,
      "customerCategory": "002",
      "priceList": "01",
      "paymentTerms": "30",
      "deliveryMethod": "DHL-PAL",
      "currency": "SEK",
      "language": "sv",
      "email": "info@eklonn.se",
      "invoiceEmail": "faktura@eklonn.se",
      "phone": "019-55 12 30",
      "invoiceAddress": {
        "name": "Ek & Lönn Snickeri AB",
        "address1": "Hägervägen 7",
        "postalCode": "702 27",
        "city": "Örebro",
        "country": "SE"
      },
      "deliveryAddresses": [
        {
          "id": "1",
          "name": "Ek & Lönn Snickeri AB",
          "co": "Verkstaden",
          "address1": "Bäckgatan 12",
          "postalCode": "702 15",
          "city": "Örebro",
          "country": "SE",
          "phone": "070-987 65 43"
        }
      ]
    },
    "contact": {
      "name": "Jörgen Öberg",
      "email": "jorgen.oberg@eklonn.se",
      "phone": "070-987 65 43"
    },
    "customerOrderNumber": "",
    "customerReference": "Jörgen Öberg",
    "invoiceAddress": {
      "name": "Ek & Lönn Snickeri AB",
      "co": "",
      "address1": "Hägervägen 7",
      "postalCode": "702 27",
      "city": "Örebro",
      "country": "SE",
      "phone": "019-55 12 30"
    },
    "deliveryAddress": {
      "name": "Ek & Lönn Snickeri AB",
      "co": "Verkstaden",
      "address1": "Bäckgatan 12",
      "postalCode": "702 15",
      "city": "Örebro",
      "country": "SE",
      "phone": "070-987 65 43"
    },
    "deliveryMethod": "DHL-PAL",
    "deliveryTerms": "FK",
    "paymentMethod": "FAKTURA",
    "currency": "SEK",
    "priceList": "01",
    "pricesIncludeVat": false,
    "rows": [
      {
        "rowNumber": 1,
        "articleCode": "07700",
        "description": "Slagborrmaskin 18 V, 2×5,0 Ah",
        "quantity": "3",
        "unitPrice": "1890.00",
        "discountPercent": "10.0",
        "vatPercent": "25",
        "unit": "st"
      },
      {
        "rowNumber": 2,
        "articleCode": "04500-R-M",
        "description": "Arbetsjacka Vinter röd M",
        "quantity": "4",
        "unitPrice": "749.00",
        "vatPercent": "25",
        "rowText": "Tryck på ryggen: \"Ek & Lönn\"",
        "unit": "st"
      },
      {
        "rowNumber": 3,
        "articleCode": "09100",
        "description": "Gummikabel H07RN-F 3G1,5",
        "quantity": "25.5",
        "unitPrice": "18.40",
        "vatPercent": "25",
        "unit": "m"
      }
    ],
    "freight": {
      "amount": "295.00",
      "vatPercent": "25"
    },
    "message": "Vi vill gärna ha offerten även i € (EUR) för vårt åländska systerbolag.",
    "requestedDeliveryDate": "2027-01-15",
    "totalExclVat": "8863.20",
    "totalVat": "2215.80",
    "totalInclVat": "11079.00"
  },
  "order-status": {
    "version": "1",
    "created": "2026-11-30T16:42:07+01:00",
    "externalOrderNumber": "WC-10042",
    "pyramidOrderNumber": "0045871",
    "status": "levererad",
    "statusText": "Levererad i två kollin med PostNord. Fakturan skickas per e-post (ej möjligt att betala i €).",
    "time": "2026-11-30T16:41:55+01:00",
    "rows": [
      {
        "rowNumber": 1,
        "articleCode": "00123",
        "orderedQuantity": "160",
        "deliveredQuantity": "160.00",
        "backorderQuantity": "0"
      },
      {
        "rowNumber": 2,
        "articleCode": "00124",
        "orderedQuantity": "200",
        "deliveredQuantity": "200",
        "backorderQuantity": "0.00"
      },
      {
        "rowNumber": 3,
        "articleCode": "04500-SV-L",
        "orderedQuantity": "2",
        "deliveredQuantity": "2"
      },
      {
        "rowNumber": 4,
        "articleCode": "SET-00123",
        "orderedQuantity": "1",
        "deliveredQuantity": "1",
        "backorderQuantity": "0"
      }
    ],
    "deliveries": [
      {
        "trackingNumber": "00370712345678901234",
        "carrier": "PostNord Sverige AB",
        "trackingUrl": "https://tracking.postnord.com/se/?id=00370712345678901234&lang=sv",
        "deliveryDate": "2026-11-29"
      },
      {
        "trackingNumber": "00370712345678901241",
        "carrier": "PostNord Sverige AB",
        "trackingUrl": "https://tracking.postnord.com/se/?id=00370712345678901241&lang=sv",
        "deliveryDate": "2026-11-30"
      }
    ],
    "invoiceNumber": "0078112",
    "invoiceAmount": "5222.25"
  },
  "order-history.request": {
    "customerNumber": "010017",
    "contactId": "000452",
    "fromDate": "2026-01-01",
    "toDate": "2026-11-30",
    "page": 1,
    "perPage": 4
  },
  "order-history.response": {
    "orders": [
      {
        "orderNumber": "0045871",
        "externalOrderNumber": "WC-10042",
        "orderDate": "2026-11-28",
        "status": "levererad",
        "total": "5222.25",
        "currency": "SEK",
        "rows": [
          {
            "rowNumber": 1,
            "articleCode": "00123",
            "description": "Skruv rostfri M6x20 A4",
            "quantity": "160",
            "unitPrice": "11.205",
            "deliveredQuantity": "160"
          },
          {
            "rowNumber": 2,
            "articleCode": "00124",
            "description": "Mutter M6 A4",
            "quantity": "200",
            "unitPrice": "1.90",
            "deliveredQuantity": "200"
          },
          {
            "rowNumber": 3,
            "articleCode": "04500-SV-L",
            "description": "Arbetsjacka Vinter svart L",
            "quantity": "2",
            "unitPrice": "749.00",
            "deliveredQuantity": "2"
          },
          {
            "rowNumber": 4,
            "articleCode": "SET-00123",
            "description": "Skruvsats rostfri M6 – 100 skruv + 100 mutter",
            "quantity": "1",
            "unitPrice": "329.00",
            "deliveredQuantity": "1"
          }
        ],
        "deliveries": [
          {
            "trackingNumber": "00370712345678901234",
            "carrier": "PostNord Sverige AB",
            "trackingUrl": "https://tracking.postnord.com/se/?id=00370712345678901234&lang=sv",
            "deliveryDate": "2026-11-29"
          },
          {
            "trackingNumber": "00370712345678901241",
            "carrier": "PostNord Sverige AB",
            "trackingUrl": "https://tracking.postnord.com/se/?id=00370712345678901241&lang=sv",
            "deliveryDate": "2026-11-30"
          }
        ],
        "invoices": [
          {
            "invoiceNumber": "0078112",
            "date": "2026-11-30",
            "dueDate": "2026-12-30",
            "amount": "5222.25",
            "paid": false
          }
        ]
      },
      {
        "orderNumber": "0045102",
        "externalOrderNumber": "WC-9871",
        "orderDate": "2026-10-14",
        "status": "fakturerad",
        "total": "1861.25",
        "currency": "SEK",
        "rows": [
          {
            "rowNumber": 1,
            "articleCode": "00123",
            "description": "Skruv rostfri M6x20 A4",
            "quantity": "100",
            "unitPrice": "12.50",
            "deliveredQuantity": "100"
          },
          {
            "rowNumber": 2,
            "articleCode": "00124",
            "description": "Mutter M6 A4",
            "quantity": "100",
            "unitPrice": "1.90",
            "deliveredQuantity": "100"
          },
          {
            "rowNumber": 3,
            "articleCode": "FRAKT",
            "description": "Frakt PostNord",
            "quantity": "1",
            "unitPrice": "49.00",
            "deliveredQuantity": "1"
          }
        ],
        "deliveries": [
          {
            "trackingNumber": "00370712345670004471",
            "carrier": "PostNord Sverige AB",
            "trackingUrl": "https://tracking.postnord.com/se/?id=00370712345670004471&lang=sv",
            "deliveryDate": "2026-10-15"
          }
        ],
        "invoices": [
          {
            "invoiceNumber": "0077305",
            "date": "2026-10-15",
            "dueDate": "2026-11-14",
            "amount": "1861.25",
            "paid": true
          }
        ]
      },
      {
        "orderNumber": "0044650",
        "orderDate": "2026-09-02",
        "status": "dellevererad",
        "total": "8237.50",
        "currency": "SEK",
        "rows": [
          {
            "rowNumber": 1,
            "articleCode": "07700",
            "description": "Slagborrmaskin 18 V, 2×5,0 Ah",
            "quantity": "3",
            "unitPrice": "1890.00",
            "deliveredQuantity": "2"
          },
          {
            "rowNumber": 2,
            "articleCode": "09100",
            "description": "Gummikabel H07RN-F 3G1,5",
            "quantity": "50",
            "unitPrice": "18.40",
            "deliveredQuantity": "50"
          }
        ],
        "deliveries": [
          {
            "trackingNumber": "JJD0001234567890",
            "carrier": "DHL Freight",
            "trackingUrl": "https://www.dhl.com/se-sv/home/tracking.html?tracking-id=JJD0001234567890&submit=1",
            "deliveryDate": "2026-09-04"
          }
        ],
        "invoices": [
          {
            "invoiceNumber": "0076218",
            "date": "2026-09-04",
            "dueDate": "2026-10-04",
            "amount": "5875.00",
            "paid": true
          }
        ]
      },
      {
        "orderNumber": "0044391",
        "externalOrderNumber": "WC-9650",
        "orderDate": "2026-08-19",
        "status": "makulerad",
        "total": "161.25",
        "currency": "EUR",
        "rows": [
          {
            "rowNumber": 1,
            "articleCode": "08800",
            "description": "Startpaket snickare – kampanjpris 129 € i Finland",
            "quantity": "1",
            "unitPrice": "129.00",
            "deliveredQuantity": "0"
          }
        ],
        "deliveries": [],
        "invoices": []
      }
    ],
    "totalCount": 7
  },
  "customer": {
    "version": "1",
    "created": "2026-11-28T10:30:00+01:00",
    "scope": "delta",
    "customers": [
      {
        "customerNumber": "010017",
        "action": "andrad",
        "name": "Björk & Söner AB",
        "organisationNumber": "556677-8899",
        "vatNumber": "SE556677889901",
        "privatePerson": false,
        "customerCategory": "002",
        "priceList": "01",
        "discountPercent": "7.5",
        "paymentTerms": "30",
        "deliveryTerms": "FVL",
        "deliveryMethod": "PN-MB",
        "currency": "SEK",
        "language": "sv",
        "creditLimit": "150000.00",
        "blocked": false,
        "email": "order@bjorkosoner.se",
        "invoiceEmail": "faktura@bjorkosoner.se",
        "phone": "031-712 45 00",
        "invoiceAddress": {
          "name": "Björk & Söner AB",
          "co": "Ekonomiavdelningen",
          "address1": "Box 1234",
          "address2": "",
          "postalCode": "411 38",
          "city": "Göteborg",
          "country": "SE",
          "phone": "031-712 45 00"
        },
        "deliveryAddresses": [
          {
            "id": "001",
            "name": "Björk & Söner AB",
            "address1": "Hamnvägen 4",
            "postalCode": "417 64",
            "city": "Göteborg",
            "country": "SE"
          },
          {
            "id": "002",
            "name": "Björk & Söner AB",
            "co": "Bygget Älvstranden, etapp 2",
            "address1": "Lindholmsallén 10",
            "address2": "Grind 3, lastkaj öster",
            "postalCode": "417 55",
            "city": "Göteborg",
            "country": "SE",
            "phone": "070-123 45 67"
          }
        ],
        "changed": "2026-11-28T10:29:13+01:00"
      },
      {
        "customerNumber": "010245",
        "action": "ny",
        "name": "Oy Ääninen Ab",
        "organisationNumber": "2345678-9",
        "vatNumber": "FI23456789",
        "privatePerson": false,
        "customerCategory": "001",
        "priceList": "EUR",
        "discountPercent": "0.0",
        "paymentTerms": "015",
        "deliveryTerms": "DAP",
        "deliveryMethod": "DHL-PAL",
        "currency": "EUR",
        "language": "sv",
        "creditLimit": "20000.00",
        "blocked": false,
        "email": "tilaukset@aaninen.fi",
        "invoiceEmail": "laskut@aaninen.fi",
        "phone": "+358 9 123 4567",
        "invoiceAddress": {
          "name": "Oy Ääninen Ab",
          "co": "Att: Reskontra – fakturor i €",
          "address1": "Mannerheimintie 12 B",
          "postalCode": "00100",
          "city": "Helsingfors",
          "country": "FI"
        },
        "deliveryAddresses": [
          {
            "id": "001",
            "name": "Oy Ääninen Ab, lager Mariehamn",
            "address1": "Styrmansgatan 5",
            "postalCode": "22100",
            "city": "Mariehamn",
            "country": "AX"
          }
        ],
        "changed": "2026-11-27T15:12:00+01:00"
      },
      {
        "customerNumber": "020881",
        "action": "andrad",
        "name": "Märta Östlund",
        "privatePerson": true,
        "customerCategory": "003",
        "priceList": "02",
        "paymentTerms": "KF",
        "deliveryMethod": "PN-MB",
        "currency": "SEK",
        "language": "sv",
        "blocked": false,
        "email": "marta.ostlund@example.se",
        "phone": "073-456 78 90",
        "invoiceAddress": {
          "name": "Märta Östlund",
          "address1": "Åkervägen 3",
          "postalCode": "931 33",
          "city": "Skellefteå",
          "country": "SE"
        },
        "deliveryAddresses": [],
        "changed": "20261128T091500"
      },
      {
        "customerNumber": "010188",
        "action": "andrad",
        "name": "Lundqvists Bygg i Västerås HB",
        "organisationNumber": "969712-3456",
        "privatePerson": false,
        "customerCategory": "002",
        "priceList": "05",
        "creditLimit": "0",
        "blocked": true,
        "email": "info@lundqvistsbygg.se",
        "changed": "2026-11-28T07:45:00+01:00"
      },
      {
        "customerNumber": "010003",
        "action": "borttagen",
        "name": "Gamla Järnhandeln i Borås AB",
        "changed": "2026-11-28T08:00:00+01:00"
      },
      {
        "externalCustomerId": "wc-5531",
        "action": "ny",
        "name": "Ek & Lönn Snickeri AB",
        "organisationNumber": "556987-0123",
        "vatNumber": "SE556987012301",
        "privatePerson": false,
        "customerCategory": "002",
        "priceList": "01",
        "currency": "SEK",
        "language": "sv",
        "email": "info@eklonn.se",
        "invoiceEmail": "faktura@eklonn.se",
        "phone": "019-55 12 30",
        "invoiceAddress": {
          "name": "Ek & Lönn Snickeri AB",
          "address1": "Hägervägen 7",
          "postalCode": "702 27",
          "city": "Örebro",
          "country": "SE"
        },
        "deliveryAddresses": [
          {
            "id": "1",
            "name": "Ek & Lönn Snickeri AB",
            "co": "Verkstaden",
            "address1": "Bäckgatan 12",
            "postalCode": "702 15",
            "city": "Örebro",
            "country": "SE"
          }
        ]
      }
    ]
  },
  "contact": {
    "version": "1",
    "created": "2026-11-28T10:30:00+01:00",
    "scope": "delta",
    "contacts": [
      {
        "contactId": "000452",
        "customerNumber": "010017",
        "action": "andrad",
        "firstName": "Åsa",
        "lastName": "Lindqvist",
        "role": "Inköpare",
        "email": "asa.lindqvist@bjorkosoner.se",
        "phone": "031-712 45 60",
        "mobile": "070-123 45 67",
        "webLogin": true,
        "username": "asa.lindqvist",
        "permissions": [
          "se-priser",
          "lagga-order",
          "se-fakturor"
        ],
        "changed": "2026-11-28T10:28:40+01:00"
      },
      {
        "contactId": "000453",
        "customerNumber": "010017",
        "action": "ny",
        "firstName": "Per-Olof",
        "lastName": "Ängström",
        "role": "Ekonomichef",
        "email": "per-olof.angstrom@bjorkosoner.se",
        "phone": "031-712 45 02",
        "mobile": "",
        "webLogin": true,
        "username": "po.angstrom",
        "permissions": [
          "se-fakturor",
          "se-priser"
        ],
        "changed": "2026-11-28T10:29:02+01:00"
      },
      {
        "contactId": "000517",
        "customerNumber": "010245",
        "action": "ny",
        "firstName": "Jukka",
        "lastName": "Mäkelä",
        "role": "Inköpschef (ser priser i €)",
        "email": "jukka.makela@aaninen.fi",
        "phone": "+358 9 123 4570",
        "mobile": "+358 40 765 4321",
        "webLogin": true,
        "username": "jukka.mäkelä",
        "permissions": [
          "se-priser",
          "lagga-order"
        ],
        "changed": "20261127T151500+0100"
      },
      {
        "contactId": "000601",
        "customerNumber": "010017",
        "action": "andrad",
        "firstName": "Göran",
        "lastName": "Sjöberg",
        "role": "Lagerchef",
        "email": "goran.sjoberg@bjorkosoner.se",
        "phone": "",
        "mobile": "076-555 12 34",
        "webLogin": false,
        "username": "",
        "permissions": [],
        "changed": "2026-11-26T13:00:00+01:00"
      },
      {
        "contactId": "000390",
        "customerNumber": "010003",
        "action": "borttagen",
        "changed": "2026-11-28T08:00:00+01:00"
      }
    ]
  },
  "contact.request": {
    "customerNumber": "010017",
    "firstName": "Örjan",
    "lastName": "Åkesson-Bäck",
    "email": "orjan.akesson-back@bjorkosoner.se",
    "phone": "031-712 45 19",
    "username": "örjan.åkesson"
  },
  "contact.response": {
    "contactId": "000618",
    "status": "registrerad",
    "message": "Kontakten Örjan Åkesson-Bäck är registrerad på kund 010017. Priser visas i SEK; €-priser kräver Euro-prislistan."
  },
  "login.request": {
    "username": "asa.lindqvist",
    "password": "••••••"
  },
  "login.response": {
    "approved": true,
    "contactId": "000452",
    "customerNumber": "010017",
    "name": "Åsa Lindqvist",
    "companyName": "Björk & Söner AB",
    "priceList": "01",
    "permissions": [
      "se-priser",
      "lagga-order",
      "se-fakturor"
    ]
  },
  "stock": {
    "version": "1",
    "created": "2026-11-28T10:15:00+01:00",
    "scope": "delta",
    "stock": [
      {
        "articleCode": "00123",
        "warehouse": "01",
        "onHand": "4820",
        "available": "4660",
        "reserved": "160",
        "incoming": "5000",
        "nextDeliveryDate": "2026-12-07",
        "changed": "2026-11-28T10:14:02+01:00"
      },
      {
        "articleCode": "00123",
        "warehouse": "02",
        "onHand": "1200",
        "available": "1200",
        "reserved": "0",
        "changed": "2026-11-27T17:02:00+01:00"
      },
      {
        "articleCode": "00123",
        "warehouse": "03",
        "onHand": "35",
        "available": "35",
        "changed": "2026-11-28T09:12:45+01:00"
      },
      {
        "articleCode": "00124",
        "warehouse": "01",
        "onHand": "9650",
        "available": "9450",
        "reserved": "200",
        "incoming": "0",
        "changed": "2026-11-28T10:14:02+01:00"
      },
      {
        "articleCode": "04500-R-M",
        "warehouse": "01",
        "onHand": "3",
        "available": "0",
        "reserved": "4",
        "incoming": "40",
        "nextDeliveryDate": "2026-12-15",
        "changed": "2026-11-28T11:05:30+01:00"
      },
      {
        "articleCode": "04500-SV-L",
        "warehouse": "01",
        "onHand": "12",
        "available": "10",
        "reserved": "2",
        "changed": "2026-11-28T10:20:11+01:00"
      }
    ]
  },
  "customer-price.request": {
    "customerNumber": "010245",
    "currency": "EUR",
    "rows": [
      {
        "articleCode": "00123",
        "quantity": "100"
      },
      {
        "articleCode": "07700",
        "quantity": "1"
      },
      {
        "articleCode": "04500-SV-L",
        "quantity": "2.0"
      },
      {
        "articleCode": "00124",
        "quantity": "500"
      },
      {
        "articleCode": "09100",
        "quantity": "12.5"
      }
    ]
  },
  "customer-price.response": {
    "rows": [
      {
        "articleCode": "00123",
        "quantity": "100",
        "listPrice": "1.15",
        "discountPercent": "10.0",
        "netPrice": "1.035",
        "currency": "EUR",
        "includesVat": false,
        "vatPercent": "0",
        "priceSource": "avtal",
        "validUntil": "2026-12-31"
      },
      {
        "articleCode": "07700",
        "quantity": "1",
        "listPrice": "169.00",
        "discountPercent": "15",
        "netPrice": "143.65",
        "currency": "EUR",
        "includesVat": false,
        "vatPercent": "0.00",
        "priceSource": "kampanj",
        "validUntil": "2026-12-31"
      },
      {
        "articleCode": "04500-SV-L",
        "quantity": "2",
        "listPrice": "89.00",
        "netPrice": "89.00",
        "currency": "EUR",
        "includesVat": false,
        "vatPercent": "0",
        "priceSource": "prislista",
        "validUntil": "2027-08-31"
      },
      {
        "articleCode": "00124",
        "quantity": "500",
        "listPrice": "0.17",
        "discountPercent": "0",
        "netPrice": "0.17",
        "currency": "EUR",
        "includesVat": false,
        "vatPercent": "0",
        "priceSource": "grundpris"
      },
      {
        "articleCode": "09100",
        "quantity": "12.5",
        "listPrice": "1.60",
        "netPrice": "1.60",
        "currency": "EUR",
        "includesVat": false,
        "vatPercent": "0",
        "priceSource": "grundpris"
      }
    ]
  },
  "price-list": {
    "version": "1",
    "created": "2026-11-28T02:30:00+01:00",
    "scope": "full",
    "priceListPrices": [
      {
        "priceList": "01",
        "articleCode": "00123",
        "fromQuantity": "1",
        "price": "12.50",
        "currency": "SEK",
        "includesVat": false,
        "validFrom": "2026-01-01"
      },
      {
        "priceList": "01",
        "articleCode": "00123",
        "fromQuantity": "100",
        "price": "11.25",
        "currency": "SEK",
        "includesVat": false,
        "validFrom": "2026-01-01"
      },
      {
        "priceList": "01",
        "articleCode": "00123",
        "fromQuantity": "1000",
        "price": "9.90",
        "currency": "SEK",
        "includesVat": false,
        "validFrom": "2026-01-01"
      },
      {
        "priceList": "01",
        "articleCode": "00124",
        "fromQuantity": "1",
        "price": "1.90",
        "currency": "SEK",
        "includesVat": false,
        "validFrom": "2026-01-01"
      },
      {
        "priceList": "01",
        "articleCode": "04500-SV-L",
        "fromQuantity": "1",
        "price": "749.00",
        "currency": "SEK",
        "includesVat": false,
        "validFrom": "2026-09-01",
        "validUntil": "2027-08-31"
      },
      {
        "priceList": "01",
        "articleCode": "04500-SV-L",
        "fromQuantity": "10",
        "price": "699.00",
        "currency": "SEK",
        "includesVat": false,
        "validFrom": "2026-09-01",
        "validUntil": "2027-08-31"
      }
    ],
    "customerPrices": [
      {
        "customerNumber": "010017",
        "articleCode": "00123",
        "fromQuantity": "1",
        "price": "10.95",
        "validFrom": "2026-01-01",
        "validUntil": "2026-12-31"
      },
      {
        "customerNumber": "010017",
        "articleCode": "00123",
        "fromQuantity": "500",
        "price": "9.80",
        "validFrom": "2026-01-01",
        "validUntil": "2026-12-31"
      },
      {
        "customerNumber": "010017",
        "articleCode": "04500-SV-L",
        "fromQuantity": "1",
        "discountPercent": "15",
        "validFrom": "2026-09-01"
      },
      {
        "customerNumber": "010245",
        "articleCode": "07700",
        "discountPercent": "12.5",
        "validFrom": "2026-11-01",
        "validUntil": "2026-12-31"
      },
      {
        "customerNumber": "020881",
        "articleCode": "04500-R-M",
        "fromQuantity": "1",
        "price": "599.20",
        "validFrom": "2026-11-27",
        "validUntil": "2026-11-30"
      }
    ]
  },
  "images.request": {
    "articleCode": "04500",
    "changedAfter": "2026-11-01T00:00:00+01:00"
  },
  "images.response": {
    "articleCode": "04500",
    "images": [
      {
        "fileName": "04500-framsida.png",
        "mimeType": "image/png",
        "data": "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAGUlEQVR4nGO4Kactr+UCIRngrJty2gw4ZQBiuw154wn12AAAAABJRU5ErkJggg==",
        "sortOrder": 1,
        "main": true,
        "changed": "2026-11-28T09:58:41+01:00",
        "md5": "0da4ec99c383cf731d2b190c3a23ecac"
      },
      {
        "fileName": "04500-röd-detalj.png",
        "mimeType": "image/png",
        "data": "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGM4IaB3QkCPAUIBAB8eBBlIimilAAAAAElFTkSuQmCC",
        "sortOrder": 2,
        "main": false,
        "changed": "20261127T120000+0100",
        "md5": "3daa58dd212a1e08084dcb719efc23d4"
      },
      {
        "fileName": "04500-kampanj-89€.jpg",
        "mimeType": "image/jpeg",
        "url": "https://media.example.com/pyramid/04500/04500-kampanj-89%E2%82%AC.jpg?v=3&w=1200",
        "sortOrder": 3,
        "main": false,
        "changed": "2026-11-25T08:00:00+01:00"
      }
    ]
  }
};
