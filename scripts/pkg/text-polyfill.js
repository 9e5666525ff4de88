// A tiny UTF-8 TextDecoder/TextEncoder for engines that have neither (the WeChat mini-program
// logic layer). Installs them on the global object only where missing; import it before
// jinlin: `import 'jinlin/text-polyfill';`. UTF-8 only (all that the wasm-bindgen glue uses);
// invalid bytes decode to U+FFFD, or throw with `{ fatal: true }`. ES2017, no dependencies.
var scope = typeof globalThis !== 'undefined' ? globalThis
  : typeof self !== 'undefined' ? self : typeof global !== 'undefined' ? global : this;

function Utf8Decoder(label, options) {
  if (label !== undefined && !/^(utf-?8|unicode-1-1-utf-8)$/i.test(String(label))) {
    throw new RangeError('TextDecoder polyfill: only utf-8, not ' + label);
  }
  this.encoding = 'utf-8';
  this.fatal = Boolean(options && options.fatal);
  this.ignoreBOM = Boolean(options && options.ignoreBOM);
}

Utf8Decoder.prototype.decode = function (input) {
  if (input === undefined || input === null) return '';
  var b = input instanceof Uint8Array ? input
    : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
    : new Uint8Array(input);
  var i = 0, n = b.length, units = [], out = '';
  if (!this.ignoreBOM && n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
  var fatal = this.fatal;
  function bad() {
    if (fatal) throw new TypeError('The encoded data was not valid utf-8');
    units.push(0xfffd);
  }
  while (i < n) {
    if (units.length >= 8192) { out += String.fromCharCode.apply(null, units); units = []; }
    // The WHATWG UTF-8 decoder: a maximal valid prefix of a bad sequence becomes one U+FFFD
    // and the byte that broke it is read again.
    var c = b[i], need = 0, cp = 0, lower = 0x80, upper = 0xbf;
    if (c < 0x80) { units.push(c); i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2; cp = c & 0x0f;
      if (c === 0xe0) lower = 0xa0;
      if (c === 0xed) upper = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3; cp = c & 0x07;
      if (c === 0xf0) lower = 0x90;
      if (c === 0xf4) upper = 0x8f;
    } else { bad(); i++; continue; }
    var j = 1;
    for (; j <= need; j++) {
      var t = b[i + j];
      if (i + j >= n || t < lower || t > upper) break;
      cp = (cp << 6) | (t & 0x3f);
      lower = 0x80; upper = 0xbf;
    }
    if (j <= need) { bad(); i += j; continue; }
    if (cp > 0xffff) { cp -= 0x10000; units.push(0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff)); }
    else units.push(cp);
    i += need + 1;
  }
  return out + String.fromCharCode.apply(null, units);
};

function Utf8Encoder() { this.encoding = 'utf-8'; }

function encodeInto(str, view) {
  var read = 0, written = 0, n = str.length, cap = view.length;
  while (read < n) {
    var c = str.charCodeAt(read), size = 1;
    if (c >= 0xd800 && c <= 0xdbff && read + 1 < n) {
      var d = str.charCodeAt(read + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); size = 2; }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate
    var len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (written + len > cap) break;
    if (len === 1) view[written++] = c;
    else if (len === 2) { view[written++] = 0xc0 | (c >> 6); view[written++] = 0x80 | (c & 0x3f); }
    else if (len === 3) {
      view[written++] = 0xe0 | (c >> 12); view[written++] = 0x80 | ((c >> 6) & 0x3f);
      view[written++] = 0x80 | (c & 0x3f);
    } else {
      view[written++] = 0xf0 | (c >> 18); view[written++] = 0x80 | ((c >> 12) & 0x3f);
      view[written++] = 0x80 | ((c >> 6) & 0x3f); view[written++] = 0x80 | (c & 0x3f);
    }
    read += size;
  }
  return { read: read, written: written };
}

Utf8Encoder.prototype.encode = function (str) {
  var s = str === undefined ? '' : String(str);
  var buf = new Uint8Array(s.length * 3);
  return buf.slice(0, encodeInto(s, buf).written);
};
Utf8Encoder.prototype.encodeInto = function (str, view) { return encodeInto(String(str), view); };

/** The polyfill classes, for tests; installed globally only where the engine has none. */
export var TextDecoder = Utf8Decoder;
export var TextEncoder = Utf8Encoder;
if (typeof scope.TextDecoder === 'undefined') scope.TextDecoder = Utf8Decoder;
if (typeof scope.TextEncoder === 'undefined') scope.TextEncoder = Utf8Encoder;
