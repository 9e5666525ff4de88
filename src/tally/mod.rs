//! Owners' assembly vote tallying (业主大会电子投票) by PRC Civil Code Art. 278.
