//! [`Skip`]: why an operation is left out of the client, returned by the lowering of the
//! operation, its parameters and its request body, and reported as a warning at its pointer.

/// Why an operation was skipped; becomes a warning at its pointer.
pub(super) struct Skip(pub(super) String);
