//! Colours and the ColorBrewer sequential palettes.
//!
//! The colour values are ColorBrewer's (Cynthia Brewer, Mark Harrower and The Pennsylvania
//! State University, <https://colorbrewer2.org>, Apache-2.0-style licence): "This product
//! includes color specifications and designs developed by Cynthia Brewer".
//! Source: Brewer, C. A., Harrower, M. (2003), "ColorBrewer.org: An Online Tool for Selecting
//! Colour Schemes for Maps", The Cartographic Journal 40(1).

use super::RenderError;

/// An sRGB colour with alpha.
///
/// # Units
/// 8-bit channels; `a` 255 = opaque. Written as `#rrggbb` (or `#rrggbbaa` when translucent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Alpha (255 opaque).
    pub a: u8,
}

impl Color {
    /// An opaque colour.
    ///
    /// # Units
    /// 8-bit sRGB channels.
    ///
    /// # Errors
    /// None.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Color { r, g, b, a: 255 }
    }

    /// Parses `#rrggbb` or `#rrggbbaa` (case-insensitive).
    ///
    /// # Units
    /// Hex sRGB.
    ///
    /// # Errors
    /// [`RenderError::InvalidColor`] for anything else.
    pub fn from_hex(s: &str) -> Result<Self, RenderError> {
        let bad = || RenderError::InvalidColor {
            value: s.chars().take(32).collect(),
        };
        let hex = s.strip_prefix('#').ok_or_else(bad)?;
        if !(hex.len() == 6 || hex.len() == 8) || !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        Ok(Color {
            r: byte(0)?,
            g: byte(2)?,
            b: byte(4)?,
            a: if hex.len() == 8 { byte(6)? } else { 255 },
        })
    }

    /// The colour as CSS: `#rrggbb`, or `#rrggbbaa` when not opaque (lower case).
    ///
    /// # Units
    /// Hex sRGB.
    ///
    /// # Errors
    /// None.
    pub fn to_css(&self) -> String {
        if self.a == 255 {
            format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
        } else {
            format!("#{:02x}{:02x}{:02x}{:02x}", self.r, self.g, self.b, self.a)
        }
    }
}

impl TryFrom<String> for Color {
    type Error = RenderError;
    fn try_from(s: String) -> Result<Self, RenderError> {
        Color::from_hex(&s)
    }
}

impl From<Color> for String {
    fn from(c: Color) -> String {
        c.to_css()
    }
}

/// The colour of cells without a value (no data): a light grey, `#d9d9d9`.
pub const NO_DATA_COLOR: Color = Color::rgb(0xd9, 0xd9, 0xd9);

/// The default palette: ColorBrewer YlGnBu, sequential and colour-blind safe
/// (Brewer, Harrower 2003).
pub const DEFAULT_PALETTE: &str = "YlGnBu";

/// Names of the built-in ColorBrewer sequential palettes.
pub const PALETTE_NAMES: &[&str] = &["YlOrRd", "Blues", "Greens", "Purples", "Oranges", "YlGnBu"];
/// [`PALETTE_NAMES`] joined by `", "`, for messages (a test keeps the two equal).
pub(crate) const PALETTE_LIST: &str = "YlOrRd, Blues, Greens, Purples, Oranges, YlGnBu";

/// Fewest and most classes a ColorBrewer scheme is defined for.
pub const MIN_PALETTE_CLASSES: usize = 3;
/// Most classes a ColorBrewer sequential scheme is defined for.
pub const MAX_PALETTE_CLASSES: usize = 9;

type Scheme = [&'static [&'static str]; 7];

const YL_OR_RD: Scheme = [
    &["#ffeda0", "#feb24c", "#f03b20"],
    &["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
    &["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    &[
        "#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026",
    ],
    &[
        "#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026",
    ],
    &[
        "#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026",
    ],
    &[
        "#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026",
        "#800026",
    ],
];
const BLUES: Scheme = [
    &["#deebf7", "#9ecae1", "#3182bd"],
    &["#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"],
    &["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
    &[
        "#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c",
    ],
    &[
        "#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594",
    ],
    &[
        "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594",
    ],
    &[
        "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c",
        "#08306b",
    ],
];
const GREENS: Scheme = [
    &["#e5f5e0", "#a1d99b", "#31a354"],
    &["#edf8e9", "#bae4b3", "#74c476", "#238b45"],
    &["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"],
    &[
        "#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c",
    ],
    &[
        "#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#005a32",
    ],
    &[
        "#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#005a32",
    ],
    &[
        "#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#006d2c",
        "#00441b",
    ],
];
const PURPLES: Scheme = [
    &["#efedf5", "#bcbddc", "#756bb1"],
    &["#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3"],
    &["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"],
    &[
        "#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f",
    ],
    &[
        "#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486",
    ],
    &[
        "#fcfbfd", "#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486",
    ],
    &[
        "#fcfbfd", "#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#54278f",
        "#3f007d",
    ],
];
const ORANGES: Scheme = [
    &["#fee6ce", "#fdae6b", "#e6550d"],
    &["#feedde", "#fdbe85", "#fd8d3c", "#d94701"],
    &["#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603"],
    &[
        "#feedde", "#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603",
    ],
    &[
        "#feedde", "#fdd0a2", "#fdae6b", "#fd8d3c", "#f16913", "#d94801", "#8c2d04",
    ],
    &[
        "#fff5eb", "#fee6ce", "#fdd0a2", "#fdae6b", "#fd8d3c", "#f16913", "#d94801", "#8c2d04",
    ],
    &[
        "#fff5eb", "#fee6ce", "#fdd0a2", "#fdae6b", "#fd8d3c", "#f16913", "#d94801", "#a63603",
        "#7f2704",
    ],
];
const YL_GN_BU: Scheme = [
    &["#edf8b1", "#7fcdbb", "#2c7fb8"],
    &["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    &["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    &[
        "#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494",
    ],
    &[
        "#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84",
    ],
    &[
        "#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84",
    ],
    &[
        "#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494",
        "#081d58",
    ],
];

fn scheme(name: &str) -> Option<&'static Scheme> {
    Some(match name {
        "YlOrRd" => &YL_OR_RD,
        "Blues" => &BLUES,
        "Greens" => &GREENS,
        "Purples" => &PURPLES,
        "Oranges" => &ORANGES,
        "YlGnBu" => &YL_GN_BU,
        _ => return None,
    })
}

/// The ColorBrewer scheme `name` with `classes` colours, light to dark.
///
/// For 1 or 2 classes (ColorBrewer starts at 3) the 3-class scheme's middle colour, or its
/// first and last, are used.
///
/// # Units
/// sRGB colours.
///
/// # Errors
/// [`RenderError::UnknownPalette`] when `name` is not in [`PALETTE_NAMES`] (case-sensitive);
/// [`RenderError::InvalidClassCount`] when `classes` is 0 or more than 9.
///
/// Source: ColorBrewer (Brewer, Harrower 2003), values as published at colorbrewer2.org.
pub fn colorbrewer(name: &str, classes: usize) -> Result<Vec<Color>, RenderError> {
    let s = scheme(name).ok_or_else(|| RenderError::UnknownPalette {
        name: name.chars().take(64).collect(),
    })?;
    if classes == 0 || classes > MAX_PALETTE_CLASSES {
        return Err(RenderError::InvalidClassCount {
            classes,
            min: 1,
            max: MAX_PALETTE_CLASSES,
        });
    }
    let hex: Vec<&str> = match classes {
        1 => vec![s[0][1]],
        2 => vec![s[0][0], s[0][2]],
        k => s[k - MIN_PALETTE_CLASSES].to_vec(),
    };
    hex.into_iter().map(Color::from_hex).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palette_list_of_messages_names_every_palette() {
        assert_eq!(PALETTE_LIST, PALETTE_NAMES.join(", "));
        let e = colorbrewer("Viridis", 5).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown palette \"Viridis\": expected one of YlOrRd, Blues, Greens, Purples, Oranges, YlGnBu"
        );
    }

    #[test]
    fn every_scheme_has_3_to_9_valid_colours() {
        for name in PALETTE_NAMES {
            for k in 1..=9 {
                let c = colorbrewer(name, k).unwrap();
                assert_eq!(c.len(), k);
            }
        }
        assert_eq!(colorbrewer("YlOrRd", 9).unwrap()[8].to_css(), "#800026");
        assert_eq!(colorbrewer("YlGnBu", 5).unwrap()[0].to_css(), "#ffffcc");
        assert_eq!(colorbrewer("Blues", 3).unwrap()[2].to_css(), "#3182bd");
        assert_eq!(
            colorbrewer("Nope", 3).unwrap_err().code(),
            "RENDER_UNKNOWN_PALETTE"
        );
        assert!(colorbrewer("Blues", 10).is_err());
        assert!(colorbrewer("Blues", 0).is_err());
    }

    #[test]
    fn colour_parsing() {
        assert_eq!(Color::from_hex("#FF0080").unwrap(), Color::rgb(255, 0, 128));
        assert_eq!(Color::from_hex("#ff008040").unwrap().to_css(), "#ff008040");
        for bad in ["", "#", "#12345", "red", "#gg0000", "#ff00ff0", "#ééé"] {
            assert!(Color::from_hex(bad).is_err(), "{bad}");
        }
    }
}
