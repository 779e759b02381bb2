/** WooCommerce -> Pyramid: an order, a quote request and a registered customer, as the example flow's functions made them. */
import { row, typed, type Preset } from './types';

const NAME_OF = 'function($a) { $join([$a.first_name, $a.last_name][$], " ") }';

export const orderToPyramid: Preset = {
  id: 'woo-order-order',
  name: 'WooCommerce order → Order',
  doc:
    'A shop order becomes a Pyramid Order "WC-<id>": the customer found by e-mail in the global ' +
    '"pyramidCustomersByEmail" (kept from Kund and Kontakt), else WEB_CUSTOMER (guest and B2C orders); unit prices ' +
    'excl. VAT to the öre from the line totals; shipping as freight; the shipping method through the table in ' +
    '$methods (DELIVERY_METHODS: shop method title → Pyramid delivery code).',
  sourceType: 'woocommerce-order',
  list: false,
  rows: [
    row('$name', NAME_OF),
    row(
      '$address',
      'function($a) {{\n  "name": $a.company ? $a.company : $name($a),\n  "co": $a.company ? $name($a),\n  "address1": $a.address_1,\n  "address2": $a.address_2 ? $a.address_2,\n  "postalCode": $a.postcode,\n  "city": $a.city,\n  "country": $a.country,\n  "phone": $a.phone ? $a.phone\n}}',
    ),
    row('$methods', '$env("DELIVERY_METHODS")'),
    row('externalOrderNumber', '"WC-" & id', true),
    row('orderDate', '$substring(date_created, 0, 10)'),
    row(
      'customerNumber',
      '($c := $lookup($globalContext("pyramidCustomersByEmail"), $lowercase(billing.email));\n $c ? $c : $env("WEB_CUSTOMER"))',
      true,
    ),
    row('contact.name', '$name(billing)'),
    row('contact.email', 'billing.email'),
    row('contact.phone', 'billing.phone ? billing.phone'),
    row('customerOrderNumber', 'meta_data[key = "_po_number"].value'),
    row('invoiceAddress', '$address(billing)'),
    row('deliveryAddress', '$address(shipping.address_1 ? shipping : billing)'),
    row('deliveryMethod', '($l := shipping_lines[0];\n $m := $lookup($methods, $l.method_title);\n $m ? $m : $lookup($methods, $l.method_id))'),
    row('paymentMethod', 'payment_method ? $uppercase(payment_method)'),
    row('paymentReference', 'transaction_id ? transaction_id'),
    row('currency', 'currency'),
    typed('pricesIncludeVat', 'bool', 'false'),
    row('rows[]', 'line_items'),
    row('rows[].rowNumber', '$index + 1'),
    row('rows[].articleCode', 'sku', true),
    row('rows[].description', 'name'),
    row('rows[].quantity', '$string(quantity)'),
    row('rows[].unitPrice', '$decDiv(total, quantity, 2)'),
    row('rows[].vatPercent', '$vatRate(total, total_tax)'),
    row('$shipping', '$decSum(shipping_lines.total)'),
    row('freight', '$decCompare($shipping, "0") > 0\n  ? {"amount": $shipping, "vatPercent": $vatRate($shipping, $decSum(shipping_lines.total_tax))}'),
    row('message', 'customer_note ? customer_note'),
    row('totalExclVat', '$decSub(total, total_tax)'),
    row('totalVat', 'total_tax'),
    row('totalInclVat', 'total'),
  ],
};

export const quoteToOffert: Preset = {
  id: 'woo-quote-offert',
  name: 'WooCommerce order (quote request) → Offert',
  doc:
    'A quote request (a shop order made by a quote plugin) becomes a Pyramid Offert "WQ-<id>": the customer from the ' +
    'order\'s meta _pyramid_customer_number, else WEB_CUSTOMER; validity from meta _valid_until; rows without prices ' +
    '(Pyramid prices the offer).',
  sourceType: 'woocommerce-order',
  list: false,
  rows: [
    row('$name', NAME_OF),
    row('externalQuoteNumber', '"WQ-" & id', true),
    row('orderDate', '$substring(date_created, 0, 10)'),
    row('validUntil', 'meta_data[key = "_valid_until"].value'),
    row('customerNumber', '($c := meta_data[key = "_pyramid_customer_number"].value;\n $c ? $c : $env("WEB_CUSTOMER"))', true),
    row('contact.name', '$name(billing)'),
    row('contact.email', 'billing.email'),
    row('contact.phone', 'billing.phone ? billing.phone'),
    row('rows[]', 'line_items'),
    row('rows[].rowNumber', '$index + 1'),
    row('rows[].articleCode', 'sku', true),
    row('rows[].description', 'name'),
    row('rows[].quantity', '$string(quantity)'),
    row('message', 'customer_note ? customer_note'),
  ],
};

export const customerToKund: Preset = {
  id: 'woo-customer-kund',
  name: 'WooCommerce customer → Kund',
  doc:
    'A customer registered in the shop becomes a Kund registration "WC-<id>" (Pyramid assigns the customer number): ' +
    'a company when the billing address has one, else a private person.',
  sourceType: 'woocommerce-customer',
  list: false,
  rows: [
    row('$name', NAME_OF),
    row('customers[0].externalCustomerId', '"WC-" & id', true),
    row('customers[0].name', 'billing.company ? billing.company : ($n := $name($); $n ? $n : email)'),
    row('customers[0].privatePerson', 'billing.company ? false : true'),
    row('customers[0].email', 'email'),
    row('customers[0].phone', 'billing.phone ? billing.phone'),
    row(
      'customers[0].invoiceAddress',
      '{\n  "name": billing.company ? billing.company : $name(billing),\n  "address1": billing.address_1,\n  "postalCode": billing.postcode,\n  "city": billing.city,\n  "country": billing.country ? billing.country : "SE"\n}',
    ),
  ],
};
