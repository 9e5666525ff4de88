// Coded errors for what the wasm-bindgen glue itself throws (DESIGN.md, "Errors and bad input"):
// the glue passes a freed object's null pointer to wasm, which throws "null pointer passed to
// rust", and rejects a wrong class with "expected instance of X"; neither has a `code`. The
// entries wrap each exported class's methods and getters once (`guardClasses`), so that a call
// on a freed object throws `OBJECT_FREED` naming the class and the member, and a wrong or freed
// argument `OPTIONS_INVALID` / `OBJECT_FREED` naming the method. `checkInitOptions` is the check
// of the options of every entry's `init()`. ES2017, no dependencies; bundled to CommonJS as
// node/guard.cjs by scripts/build.sh.

/** An `Error` whose `code` property is `code`. */
export function coded(code, message) {
  var e = new Error(message);
  e.code = code;
  return e;
}

// The error a glue error becomes: the same error when it has a code.
function recode(e, where) {
  if (e === null || typeof e !== 'object' || e.code !== undefined) return e;
  var message = String(e.message);
  if (message === 'null pointer passed to rust') {
    return coded('OBJECT_FREED', where + ': an argument was freed (free() was called on it, or it was disposed)');
  }
  // before init(): the glue reads the exports of a module not instantiated yet
  if (e instanceof TypeError && /__wbindgen_|\bwasm is (undefined|null)\b/.test(message)) {
    return coded('NOT_INITIALIZED', where + ': the wasm module is not loaded yet: call (and await) init() first');
  }
  var m = /^expected instance of (\w+)$/.exec(message);
  if (m !== null) {
    return coded('OPTIONS_INVALID', where + ': an argument must be a ' + m[1] + ' of this package (' + message + ')');
  }
  if (message === 'recursive use of an object detected which would lead to unsafe aliasing in rust' ||
    message === 'attempted to take ownership of Rust value while it was borrowed') {
    return coded('OBJECT_BUSY', where + ': the object is in use by a call that has not returned (called again from a callback?)');
  }
  return e;
}

function freed(name, member) {
  return coded('OBJECT_FREED', name + '.' + member + ': this ' + name +
    ' was freed (free() was called, or it was disposed); make a new one');
}

// `label`: the member as named in messages, `cells()` or `length`
function wrapMethod(cls, name, label, fn) {
  var where = name + '.' + label;
  return function () {
    if (this instanceof cls && this.__wbg_ptr === 0) throw freed(name, label);
    try {
      return fn.apply(this, arguments);
    } catch (e) {
      throw recode(e, where);
    }
  };
}

/** `fn` (a function of the glue) with its errors recoded, as the classes' members. */
export function guardFunction(name, fn) {
  var where = name + '()';
  return function () {
    try {
      return fn.apply(this, arguments);
    } catch (e) {
      throw recode(e, where);
    }
  };
}

function wrapStatic(name, member, fn) {
  var where = name + '.' + member + '()';
  return function () {
    try {
      return fn.apply(this, arguments);
    } catch (e) {
      throw recode(e, where);
    }
  };
}

/**
 * Wraps the methods and accessors of wasm-bindgen classes (`{ GridMap, … }`) once: on a freed
 * instance they throw `OBJECT_FREED`, and the glue's uncoded errors get a code.
 * @param {Record<string, any>} classes by name
 */
export function guardClasses(classes) {
  Object.keys(classes).forEach(function (name) {
    var cls = classes[name];
    if (typeof cls !== 'function' || Object.prototype.hasOwnProperty.call(cls, '__jinlinGuarded')) return;
    Object.defineProperty(cls, '__jinlinGuarded', { value: true });
    var proto = cls.prototype;
    Object.getOwnPropertyNames(proto).forEach(function (member) {
      if (member === 'constructor' || member.indexOf('__') === 0) return;
      var d = Object.getOwnPropertyDescriptor(proto, member);
      if (member === 'free' && typeof d.value === 'function') {
        // free() of a freed object (and so `using` after free()) is a no-op, not a glue error
        var free = d.value;
        d.value = function () {
          if (this instanceof cls && this.__wbg_ptr === 0) return undefined;
          try {
            return free.apply(this, arguments);
          } catch (e) {
            throw recode(e, name + '.free()');
          }
        };
      } else if (typeof d.value === 'function') {
        d.value = wrapMethod(cls, name, member + '()', d.value);
      } else {
        if (typeof d.get === 'function') d.get = wrapMethod(cls, name, member, d.get);
        if (typeof d.set === 'function') d.set = wrapMethod(cls, name, member, d.set);
      }
      Object.defineProperty(proto, member, d);
    });
    Object.getOwnPropertyNames(cls).forEach(function (member) {
      var d = Object.getOwnPropertyDescriptor(cls, member);
      if (typeof d.value !== 'function' || member.indexOf('__') === 0 || !d.writable) return;
      d.value = wrapStatic(name, member, d.value);
      Object.defineProperty(cls, member, d);
    });
  });
}

/**
 * `cls` (a wasm-bindgen class) whose constructor throws the package's coded errors, as its
 * methods do after `guardClasses`: `new GridMapView(…)` before `init()` throws
 * `NOT_INITIALIZED`, not the glue's `TypeError`. A `Proxy` of the class: statics, `prototype`
 * and `instanceof` are the class's own.
 * @param {string} name @param {any} cls
 */
export function guardConstructor(name, cls) {
  if (typeof Proxy !== 'function' || typeof Reflect !== 'object') return cls;
  return new Proxy(cls, {
    construct: function (target, args) {
      try {
        return Reflect.construct(target, args, target);
      } catch (e) {
        throw recode(e, 'new ' + name + '()');
      }
    },
  });
}

function sameSource(a, b) {
  if (a === b) return true;
  var text = function (x) { return typeof x === 'string' || x instanceof URL; };
  // bytes, a Module or a Response cannot be compared cheaply: taken as the same module
  return text(a) || text(b) ? text(a) && text(b) && String(a) === String(b) : a !== undefined && b !== undefined;
}

/**
 * The check of a later `init()` call of a browser entry (the first one's promise is cached, so
 * its options would be ignored silently): `OPTIONS_INVALID` naming what differs when it asks
 * for the compatible build after the default one was chosen, or names another module source
 * (another URL or path) than the first call. Options the first call's choice already satisfies
 * (none, the same source, `compat: true` when the compatible build runs, `compat: false`) are
 * accepted.
 * @param {{ compat: boolean, sources: Record<string, any> }} first what the first call chose
 * @param {boolean} compat the later call's `compat === true`
 * @param {Record<string, any>} sources the later call's module sources (undefined: default)
 */
export function checkReinit(first, compat, sources) {
  if (compat && !first.compat) {
    throw coded('OPTIONS_INVALID', 'init({ compat: true }): init() was already called and chose the default build ' +
      '(the modules load once per page); to force the compatible build, pass { compat: true } to the first ' +
      'init() call, or add ?jinlin-compat=1 to the page URL');
  }
  Object.keys(sources).forEach(function (key) {
    var s = sources[key];
    if (s !== undefined && !sameSource(first.sources[key], s)) {
      throw coded('OPTIONS_INVALID', 'init(): init() was already called with ' +
        (first.sources[key] === undefined ? 'the default ' + key + ' module' : 'another ' + key + ' module source (' + String(first.sources[key]) + ')') +
        '; a later call cannot load ' + String(s) + ' (the modules load once per page): pass it to the first call');
    }
  });
}

var INIT_KEYS = ['grid', 'render', 'compat'];

/**
 * Checks the options object of an entry's `init()` (`OPTIONS_INVALID` naming an unknown key or a
 * `compat` that is not a boolean). `keys` are the keys the entry knows.
 * @param {object} o @param {string[]} [keys]
 */
export function checkInitOptions(o, keys) {
  var allowed = keys || INIT_KEYS;
  Object.keys(o).forEach(function (k) {
    if (allowed.indexOf(k) < 0) {
      throw coded('OPTIONS_INVALID', 'init(options): unknown option "' + k + '"; expected one of ' + allowed.join(', '));
    }
  });
  if (o.compat !== undefined && typeof o.compat !== 'boolean') {
    throw coded('OPTIONS_INVALID', 'init(options): compat must be true or false, got ' + String(o.compat));
  }
}

/** True when `x` is an options object rather than a module source (URL, bytes, Module, …). */
export function isOptions(x) {
  return x !== null && typeof x === 'object' && !(x instanceof URL) && !ArrayBuffer.isView(x) &&
    !(x instanceof ArrayBuffer) && !(x instanceof WebAssembly.Module) &&
    !(typeof Request === 'function' && x instanceof Request) &&
    !(typeof Response === 'function' && x instanceof Response) &&
    !(typeof x.then === 'function');
}

/**
 * `init(options)` of a Node.js entry: the modules were instantiated on import with the build
 * `compat` says, so a module source is not needed (ignored, for code shared with browsers) and
 * `compat: true` can only be honoured when that build runs already.
 * @param {any} options @param {boolean} compat @param {string[]} keys
 */
export function checkNodeInit(options, compat, keys) {
  if (!isOptions(options)) return;
  checkInitOptions(options, keys);
  if (options.compat === true && !compat) {
    throw coded('OPTIONS_INVALID', 'init({ compat: true }): in Node.js the modules are instantiated on ' +
      'import, the default build here; set the environment variable JINLIN_COMPAT=1 before the first ' +
      'import (the CommonJS entry loads the default build only)');
  }
}

/**
 * wasm-bindgen's `initSync({ module })` for a CommonJS entry, whose glue instantiated its module
 * on require: as wasm-bindgen's own `initSync` does once instantiated, it loads nothing and
 * returns the module's exports (`glue.__wbindgen_wasm`, see scripts/build.sh); the argument,
 * when given, must still be a module source.
 * @param {any} glue the CommonJS glue's exports
 */
export function nodeInitSync(glue) {
  return function initSync(module) {
    var m = isOptions(module) ? module.module : module;
    if (module !== undefined && !(m instanceof WebAssembly.Module || ArrayBuffer.isView(m) || m instanceof ArrayBuffer)) {
      throw coded('OPTIONS_INVALID', 'initSync(module): module must be a WebAssembly.Module, a BufferSource or { module }');
    }
    return glue.__wbindgen_wasm;
  };
}

function inNode() {
  try {
    return typeof process !== 'undefined' && process.versions != null && typeof process.versions.node === 'string';
  } catch (e) {
    return false;
  }
}

/**
 * The handler of a failed module load in a browser entry's `init()`: rejects with
 * `INIT_FAILED` naming the module and where it was loaded from (the cause kept as `cause`); in
 * Node.js, where this entry fetches a `file:` URL that `fetch` cannot read, the message says to
 * import the package by its name.
 * @param {string} what @param {any} source
 */
export function loadFailed(what, source) {
  return function (e) {
    if (e !== null && typeof e === 'object' && e.code !== undefined) throw e;
    var where = source instanceof URL || typeof source === 'string' ? ' from ' + String(source) : '';
    var hint = inNode()
      ? ": this is the browser entry; in Node.js import 'jinlin' (or 'jinlin/tally', " +
        "'jinlin/diagnostics') by its package name, not a file of the package by its path " +
        '(the package exports pick the Node.js entry, which needs no init)'
      : '';
    hint += ': ' + (e && e.message ? e.message : String(e));
    var err = coded('INIT_FAILED', 'init(): ' + what + ' could not be loaded' + where + hint);
    err.cause = e;
    throw err;
  };
}

/**
 * Gives `Tally` (the tally module's class) its `announcementSvg(matterId, status, options)`: the
 * 公示 of one matter as SVG (`options.widthPx`, default 900), drawn by the announcement module
 * (`announcementSvg(result, matterId, status, options)`) from `t.result()`. The tally module has no SVG renderer: it is within bytes of its
 * size budget, and the announcement (its line wrapping, the Art. 278 item titles) costs ~3 KB
 * gzip there. Call before `guardClasses`, so that the method is guarded as the others.
 * @param {any} Tally @param {(result: any, matterId: string, status: any, options?: any) => string} announcementSvg
 */
export function linkTallyAnnouncement(Tally, announcementSvg) {
  if (Object.prototype.hasOwnProperty.call(Tally.prototype, 'announcementSvg')) return;
  Object.defineProperty(Tally.prototype, 'announcementSvg', {
    configurable: true,
    writable: true,
    value: function (matterId, status, options) {
      // as the module's own string arguments (`OPTIONS_INVALID`, "matterId must be a string")
      if (typeof matterId !== 'string') throw coded('OPTIONS_INVALID', 'matterId must be a string');
      return announcementSvg(this.result(), matterId, status, options);
    },
  });
}
