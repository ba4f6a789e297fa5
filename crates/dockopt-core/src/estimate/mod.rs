//! Size estimates: per layer, per stage, and the savings of fixes.
