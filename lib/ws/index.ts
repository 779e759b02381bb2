/** The web-service layer's public face: endpoint, auth, transport, errors, WSDL introspection, the catalogue's five web-service messages, the project's own WSDL and its docs. */
export * from './errors';
export * from './mask';
export * from './auth';
export * from './transport';
export * from './introspect';
export * from './endpoint';
export * from './messages';
export * from './wsdl';
export * from './docs';
