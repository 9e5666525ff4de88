//! A tiny per-zoom-level cache (a few entries; evicts the level farthest from the one asked).

/// Values keyed by integer zoom level, at most `cap` of them.
#[derive(Clone, Debug)]
pub(crate) struct LevelCache<T> {
    entries: Vec<(i32, T)>,
    cap: usize,
}

impl<T> LevelCache<T> {
    pub(crate) fn new(cap: usize) -> Self {
        LevelCache {
            entries: Vec::new(),
            cap: cap.max(1),
        }
    }

    /// The value for `level`, computed by `f` on a miss.
    pub(crate) fn get_or_insert_with(&mut self, level: i32, f: impl FnOnce() -> T) -> &T {
        let pos = match self.entries.iter().position(|e| e.0 == level) {
            Some(p) => p,
            None => {
                if self.entries.len() >= self.cap {
                    let far = (0..self.entries.len())
                        .max_by_key(|&i| (self.entries[i].0 - level).unsigned_abs())
                        .unwrap_or(0);
                    self.entries.swap_remove(far);
                }
                self.entries.push((level, f()));
                self.entries.len() - 1
            }
        };
        &self.entries[pos].1
    }

    /// The value for `level`, if cached.
    pub(crate) fn get(&self, level: i32) -> Option<&T> {
        self.entries.iter().find(|e| e.0 == level).map(|e| &e.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_the_farthest_level() {
        let mut c = LevelCache::new(2);
        assert_eq!(*c.get_or_insert_with(3, || 30), 30);
        assert_eq!(*c.get_or_insert_with(10, || 100), 100);
        assert_eq!(*c.get_or_insert_with(3, || 0), 30); // hit
        assert_eq!(*c.get_or_insert_with(4, || 40), 40); // evicts 10
        assert!(c.get(10).is_none() && c.get(3).is_some());
    }
}
