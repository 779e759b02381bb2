'use strict';
// settings.js: contextStorage: { shared: { module: require('@pyramid-connect/node-red-pyramid/context-redis'), config: { url: 'redis://127.0.0.1:6379' } } }
module.exports = require('./dist/lib/context/redis.js');
