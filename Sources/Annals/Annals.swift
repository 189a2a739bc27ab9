// The domain layer of Annals: meeting events, the office's rules, projections and
// queries, on top of the storage engine in `AnnalsLog`.
//
// A service embeds this module; the storage types it needs (positions, expected
// versions, records) come from `AnnalsLog` and are re-exported so that one import
// is enough.
@_exported public import AnnalsLog
