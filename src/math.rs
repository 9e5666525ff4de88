//! Transcendental functions that give the same bits natively and in wasm (issue #6, item 5).
//!
//! In wasm, `f64::sin` and the like are the Rust port of musl's libm (compiler-builtins);
//! natively they call the platform's C library, which may differ in the last bit — enough to move
//! a label of an SVG by 0.01 px, or a converted position across a cell edge. Natively these call
//! the `libm` crate, the same code as the wasm build; in wasm, the standard library.
//! `tests/js/determinism.test.mjs` compares the results byte for byte.

/// The same-bits versions of the `f64` methods the core uses.
// Each feature set (one per wasm module) uses a subset.
#[allow(dead_code)]
pub(crate) trait SameBits {
    /// `sin` (radians).
    fn sin_(self) -> f64;
    /// `cos` (radians).
    fn cos_(self) -> f64;
    /// Natural logarithm.
    fn ln_(self) -> f64;
    /// Base-2 logarithm.
    fn log2_(self) -> f64;
    /// 2 to the power `self`.
    fn exp2_(self) -> f64;
    /// Arctangent (radians).
    fn atan_(self) -> f64;
    /// Four-quadrant arctangent of `self / x` (radians).
    fn atan2_(self, x: f64) -> f64;
    /// Hyperbolic sine.
    fn sinh_(self) -> f64;
    /// `sqrt(self² + y²)` without undue overflow.
    fn hypot_(self, y: f64) -> f64;
}

#[cfg(not(target_arch = "wasm32"))]
impl SameBits for f64 {
    fn sin_(self) -> f64 {
        libm::sin(self)
    }
    fn cos_(self) -> f64 {
        libm::cos(self)
    }
    fn ln_(self) -> f64 {
        libm::log(self)
    }
    fn log2_(self) -> f64 {
        libm::log2(self)
    }
    fn exp2_(self) -> f64 {
        libm::exp2(self)
    }
    fn atan_(self) -> f64 {
        libm::atan(self)
    }
    fn atan2_(self, x: f64) -> f64 {
        libm::atan2(self, x)
    }
    fn sinh_(self) -> f64 {
        libm::sinh(self)
    }
    fn hypot_(self, y: f64) -> f64 {
        libm::hypot(self, y)
    }
}

#[cfg(target_arch = "wasm32")]
impl SameBits for f64 {
    fn sin_(self) -> f64 {
        self.sin()
    }
    fn cos_(self) -> f64 {
        self.cos()
    }
    fn ln_(self) -> f64 {
        self.ln()
    }
    fn log2_(self) -> f64 {
        self.log2()
    }
    fn exp2_(self) -> f64 {
        self.exp2()
    }
    fn atan_(self) -> f64 {
        self.atan()
    }
    fn atan2_(self, x: f64) -> f64 {
        self.atan2(x)
    }
    fn sinh_(self) -> f64 {
        self.sinh()
    }
    fn hypot_(self, y: f64) -> f64 {
        self.hypot(y)
    }
}
